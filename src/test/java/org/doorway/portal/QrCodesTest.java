package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The QR codes administrators print decode back to the portal address they were made for. */
class QrCodesTest {

    static final String URL = "https://doorway.example.test/refer/demo?partner=HARBOR";

    /** Reads a QR code from an image as a phone's camera app would (ZXing's reader). */
    static String decode(BufferedImage image) throws Exception {
        LuminanceSource source = new BufferedImageLuminanceSource(image);
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE))
                .getText();
    }

    @Test
    void pngDecodesToTheAddressAndIsLargeEnoughToPrint() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(URL)));

        assertThat(decode(image)).isEqualTo(URL);
        assertThat(image.getWidth())
                .isGreaterThanOrEqualTo(QrCodes.PNG_MIN_SIZE)
                .isEqualTo(image.getHeight());
        // A whole number of pixels per module, quiet zone included: edges stay sharp.
        assertThat(image.getWidth() % QrCodes.modules(URL).getWidth()).isZero();
    }

    @Test
    void svgDrawsExactlyZxingsModulesAndDecodesToTheAddress() throws Exception {
        String svg = QrCodes.svg(URL, "QR code for " + URL);

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(xml.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("QR code for " + URL);

        BitMatrix modules = QrCodes.modules(URL);
        String[] box = xml.getDocumentElement().getAttribute("viewBox").split(" ");
        BitMatrix drawn = new BitMatrix(Integer.parseInt(box[2]), Integer.parseInt(box[3]));
        String d = xml.getElementsByTagName("path")
                .item(0)
                .getAttributes()
                .getNamedItem("d")
                .getNodeValue();
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
        int end = 0;
        while (run.find()) {
            assertThat(run.start()).as("path is only runs").isEqualTo(end);
            end = run.end();
            drawn.setRegion(
                    Integer.parseInt(run.group(1)), Integer.parseInt(run.group(2)), Integer.parseInt(run.group(3)), 1);
        }
        assertThat(end).isEqualTo(d.length());
        assertThat(drawn).isEqualTo(modules);

        // Drawn at 10 px per module, the SVG's picture reads back as the address.
        BitMatrix scaled = new BitMatrix(drawn.getWidth() * 10, drawn.getHeight() * 10);
        for (int y = 0; y < drawn.getHeight(); y++) {
            for (int x = 0; x < drawn.getWidth(); x++) {
                if (drawn.get(x, y)) {
                    scaled.setRegion(x * 10, y * 10, 10, 10);
                }
            }
        }
        assertThat(decode(MatrixToImageWriter.toBufferedImage(scaled))).isEqualTo(URL);
    }

    @Test
    void svgEscapesItsTitle() {
        assertThat(QrCodes.svg(URL, "A & B <c>")).contains("<title>A &amp; B &lt;c&gt;</title>");
    }

    @Test
    void theCodeKeepsAFourModuleQuietZone() {
        BitMatrix modules = QrCodes.modules(URL);
        for (int i = 0; i < modules.getWidth(); i++) {
            for (int edge = 0; edge < 4; edge++) {
                assertThat(modules.get(i, edge)).isFalse();
                assertThat(modules.get(edge, i)).isFalse();
                assertThat(modules.get(i, modules.getHeight() - 1 - edge)).isFalse();
                assertThat(modules.get(modules.getWidth() - 1 - edge, i)).isFalse();
            }
        }
    }
}
