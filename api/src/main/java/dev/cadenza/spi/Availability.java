package dev.cadenza.spi;

/**
 * Whether a provider can be used here, and if not, why (e.g. "native library libtorch not found: add ...").
 *
 * @param available whether the provider can be used on this machine
 * @param reason "available", or what is missing and how to add it
 */
public record Availability(boolean available, String reason) {
    /**
     * The provider can be used.
     *
     * @return an availability with the reason "available"
     */
    public static Availability yes() {
        return new Availability(true, "available");
    }

    /**
     * The provider cannot be used.
     *
     * @param reason what is missing and the remedy, shown to the user when the backend is chosen
     * @return an unavailability
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
