package dev.cadenza.spi;

/** Whether a provider can be used here, and if not, why (e.g. "native library libtorch not found: add ..."). */
public record Availability(boolean available, String reason) {
    public static Availability yes() {
        return new Availability(true, "available");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
