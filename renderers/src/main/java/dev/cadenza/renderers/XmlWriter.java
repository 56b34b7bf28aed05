package dev.cadenza.renderers;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/** A small indenting XML writer: enough for MusicXML, with escaping, and no DOM held in memory. */
final class XmlWriter {
    private final Writer out;
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter(Writer out) {
        this.out = out;
    }

    void declaration(String doctype) throws IOException {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        if (doctype != null) out.write(doctype + "\n");
    }

    /** Opens an element; attributes are name/value pairs. */
    XmlWriter start(String name, String... attributes) throws IOException {
        indent();
        out.write('<');
        out.write(name);
        attributes(attributes);
        out.write(">\n");
        open.push(name);
        return this;
    }

    XmlWriter end() throws IOException {
        String name = open.pop();
        indent();
        out.write("</" + name + ">\n");
        return this;
    }

    /** An element with no content, e.g. {@code <chord/>}. */
    XmlWriter empty(String name, String... attributes) throws IOException {
        indent();
        out.write('<');
        out.write(name);
        attributes(attributes);
        out.write("/>\n");
        return this;
    }

    /** An element holding text only. */
    XmlWriter leaf(String name, Object text, String... attributes) throws IOException {
        indent();
        out.write('<');
        out.write(name);
        attributes(attributes);
        out.write('>');
        out.write(escape(String.valueOf(text)));
        out.write("</" + name + ">\n");
        return this;
    }

    private void attributes(String[] attributes) throws IOException {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes come in name/value pairs");
        for (int i = 0; i < attributes.length; i += 2)
            out.write(" " + attributes[i] + "=\"" + escape(attributes[i + 1]) + "\"");
    }

    private void indent() throws IOException {
        for (int i = 0; i < open.size(); i++) out.write("  ");
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped; drop them.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    void flush() throws IOException {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed elements: " + open);
        out.flush();
    }
}
