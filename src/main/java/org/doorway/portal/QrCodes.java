package org.doorway.portal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * QR codes of portal addresses, made with ZXing: a PNG for screens and quick printing, and an SVG
 * (drawn here from ZXing's module matrix) that prints sharp at any size. Error correction level Q
 * (a quarter of the code may be scuffed or covered), with the standard four-module quiet zone.
 */
final class QrCodes {

    /** The PNG is at least this many pixels wide (a whole number of pixels per module). */
    static final int PNG_MIN_SIZE = 1000;

    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION,
            ErrorCorrectionLevel.Q,
            EncodeHintType.MARGIN,
            4,
            EncodeHintType.CHARACTER_SET,
            "UTF-8");

    private QrCodes() {}

    /** The code's modules, one bit each, quiet zone included. */
    static BitMatrix modules(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot be encoded as a QR code", e);
        }
    }

    /** A black-on-white PNG of the code. */
    static byte[] png(String text) {
        BitMatrix modules = modules(text);
        int scale = Math.max(1, (PNG_MIN_SIZE + modules.getWidth() - 1) / modules.getWidth());
        BitMatrix pixels = new BitMatrix(modules.getWidth() * scale, modules.getHeight() * scale);
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                if (modules.get(x, y)) {
                    pixels.setRegion(x * scale, y * scale, scale, scale);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(pixels, "PNG", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An SVG of the code: one path of dark runs, one unit per module, on a white square.
     *
     * @param text  what the code says
     * @param title the image's accessible name, e.g. "QR code for https://…"
     */
    static String svg(String text, String title) {
        BitMatrix modules = modules(text);
        int width = modules.getWidth();
        int height = modules.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int run = 1;
                while (x + run < width && modules.get(x + run, y)) {
                    run++;
                }
                path.append('M')
                        .append(x)
                        .append(' ')
                        .append(y)
                        .append('h')
                        .append(run)
                        .append("v1h-")
                        .append(run)
                        .append('z');
                x += run;
            }
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" role="img">
                <title>%s</title>
                <rect width="%d" height="%d" fill="#fff"/>
                <path fill="#000" d="%s"/>
                </svg>
                """.formatted(width, height, width * 8, height * 8, xml(title), width, height, path);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
