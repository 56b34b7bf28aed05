/**
 * The seed corpora (Irish and Nottingham ABC, JSB chorales, piano and jazz MIDI): read from a local folder, or
 * fetched from their pinned public sources into a cache with SHA-256 checks.
 */
package dev.cadenza.corpus;
