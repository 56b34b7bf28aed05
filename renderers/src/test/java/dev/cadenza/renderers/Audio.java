package dev.cadenza.renderers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A parsed 16-bit PCM WAV file and the measurements the audio tests make on it. */
record Audio(int sampleRate, int channels, double[] mono) {

    static Audio parse(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WAVE"))
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        int pos = 12, rate = 0, channels = 0, bits = 0;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (b.getShort(body) != 1) throw new IllegalArgumentException("not PCM");
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id.equals("data")) {
                if (bits != 16) throw new IllegalArgumentException("expected 16-bit samples, got " + bits);
                int available = Math.min(size, wav.length - body);
                int frames = available / (2 * channels);
                double[] mono = new double[frames];
                for (int f = 0; f < frames; f++) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++) sum += b.getShort(body + 2 * (f * channels + c)) / 32768.0;
                    mono[f] = sum / channels;
                }
                return new Audio(rate, channels, mono);
            }
            pos = body + size + (size & 1);
        }
        throw new IllegalArgumentException("no data chunk");
    }

    double seconds() {
        return mono.length / (double) sampleRate;
    }

    double rms(double fromSecond, double toSecond) {
        int a = (int) Math.max(0, fromSecond * sampleRate), z = (int) Math.min(mono.length, toSecond * sampleRate);
        double sum = 0;
        for (int i = a; i < z; i++) sum += mono[i] * mono[i];
        return z > a ? Math.sqrt(sum / (z - a)) : 0;
    }

    double rms() {
        return rms(0, seconds());
    }

    /** Power at {@code hz} over [from, to) seconds by the Goertzel algorithm, normalised by the window length. */
    double power(double hz, double fromSecond, double toSecond) {
        int a = (int) (fromSecond * sampleRate), z = (int) Math.min(mono.length, toSecond * sampleRate);
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0, s2 = 0;
        for (int i = a; i < z; i++) {
            double s = mono[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        int n = Math.max(1, z - a);
        return p / ((double) n * n);
    }
}
