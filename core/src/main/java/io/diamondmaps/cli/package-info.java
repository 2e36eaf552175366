/**
 * The {@code diamond} command: options, messages that name flags, progress bars and printed reports. No algorithm
 * lives here; every command calls the library ({@code bench}, {@code align}, {@code sample}, {@code train}).
 */
package io.diamondmaps.cli;
