/**
 * The certificate as a PDF: A4 landscape, built with pdf-lib and an embedded, subset DejaVu Sans
 * (which covers æ ø å ä ö é ü), with a QR code that opens the public verification page. No
 * browser and no network: the font comes from the `dejavu-fonts-ttf` package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatDueDate } from '$lib/dates';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { formatCode, hoursOf } from '$lib/server/certificates';
import type { Certificate } from '$lib/server/db/schema';

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 56;
const INK = rgb(0.11, 0.13, 0.17);
const MUTED = rgb(0.33, 0.36, 0.42);
const ACCENT = rgb(0.1, 0.34, 0.55);

let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;

/** The two TTF files, read once per process from the font package. */
function fontFiles() {
	if (!fonts) {
		const require = createRequire(import.meta.url);
		const read = (file: string) =>
			new Uint8Array(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
		fonts = { regular: read('DejaVuSans.ttf'), bold: read('DejaVuSans-Bold.ttf') };
	}
	return fonts;
}

/** What the PDF prints: the stored snapshot (`code` as stored, without dashes). */
export type CertificatePdfInput = Pick<
	Certificate,
	| 'code'
	| 'holderName'
	| 'courseTitle'
	| 'courseVersion'
	| 'objectives'
	| 'minutes'
	| 'completedAt'
	| 'issuedAt'
	| 'expiresAt'
	| 'issuerName'
>;

/** `spire-certificate-signs-of-distress.pdf` */
export function certificateFileName(courseId: string, extension = 'pdf') {
	return `spire-certificate-${courseId}.${extension}`;
}

/** Breaks `text` into lines no wider than `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (line && font.widthOfTextAtSize(candidate, size) > width) {
			lines.push(line);
			line = word;
		} else {
			line = candidate;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/** Draws the QR code as filled squares (vector, so it stays sharp at any zoom). */
function drawQr(page: PDFPage, url: string, x: number, y: number, size: number) {
	const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
	const count = qr.modules.size;
	const quiet = 2;
	const cell = size / (count + quiet * 2);
	page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
	for (let row = 0; row < count; row++) {
		for (let col = 0; col < count; col++) {
			if (!qr.modules.get(row, col)) continue;
			page.drawRectangle({
				x: x + (col + quiet) * cell,
				y: y + size - (row + quiet + 1) * cell,
				width: cell,
				height: cell,
				color: rgb(0, 0, 0)
			});
		}
	}
}

/**
 * The PDF of a certificate, in `locale`. `verifyUrl` is the address of its verification page,
 * printed and encoded in the QR code.
 */
export async function buildCertificatePdf(
	certificate: CertificatePdfInput,
	verifyUrl: string,
	locale: Locale = 'en'
): Promise<Uint8Array> {
	const t = { locale };
	const date = (value: Date) => formatDueDate(value, locale);
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkit);
	const { regular: regularBytes, bold: boldBytes } = fontFiles();
	const regular = await pdf.embedFont(regularBytes, { subset: true });
	const bold = await pdf.embedFont(boldBytes, { subset: true });
	const title = m.certificate_pdf_title({}, t);
	pdf.setTitle(`${title}: ${certificate.courseTitle}`);
	pdf.setAuthor(certificate.issuerName);
	pdf.setSubject(certificate.holderName);
	pdf.setCreator('Spire');
	pdf.setProducer('Spire');
	pdf.setCreationDate(certificate.issuedAt);
	pdf.setModificationDate(certificate.issuedAt);
	pdf.setLanguage(locale);

	const page = pdf.addPage(A4_LANDSCAPE);
	const [width, height] = A4_LANDSCAPE;
	page.drawRectangle({
		x: 24,
		y: 24,
		width: width - 48,
		height: height - 48,
		borderColor: ACCENT,
		borderWidth: 2
	});
	const textWidth = width - MARGIN * 2;
	let y = height - MARGIN - 20;
	const line = (text: string, font: PDFFont, size: number, color = INK, gap = 1.35) => {
		page.drawText(text, { x: MARGIN, y, size, font, color });
		y -= size * gap;
	};

	line(m.certificate_pdf_issuer_line({ issuer: certificate.issuerName }, t), bold, 12, ACCENT, 2.4);
	line(title, bold, 30, INK, 1.6);
	line(m.certificate_pdf_certifies({}, t), regular, 13, MUTED, 2);
	line(certificate.holderName, bold, 26, INK, 1.7);
	line(m.certificate_pdf_completed({}, t), regular, 13, MUTED, 1.8);
	for (const courseLine of wrap(certificate.courseTitle, bold, 20, textWidth)) {
		line(courseLine, bold, 20, INK, 1.3);
	}
	y -= 8;
	line(
		m.certificate_pdf_facts(
			{
				version: certificate.courseVersion,
				hours: String(hoursOf(certificate.minutes)),
				date: date(certificate.completedAt)
			},
			t
		),
		regular,
		12,
		INK,
		2
	);

	// The objectives in short: as many as fit above the footer, each on one line.
	const qrSize = 120;
	const footerTop = MARGIN + qrSize + 12;
	line(m.certificate_pdf_objectives({}, t), bold, 11, INK, 1.5);
	const objectiveWidth = textWidth - qrSize - 24;
	for (const objective of certificate.objectives) {
		if (y < footerTop + 11) break;
		let text = `•  ${objective}`;
		if (regular.widthOfTextAtSize(text, 9.5) > objectiveWidth) {
			while (text.length > 4 && regular.widthOfTextAtSize(`${text}…`, 9.5) > objectiveWidth) {
				text = text.slice(0, -1);
			}
			text = `${text.trimEnd()}…`;
		}
		line(text, regular, 9.5, MUTED, 1.45);
	}

	// Footer: dates and code on the left, the QR code on the right.
	const qrX = width - MARGIN - qrSize;
	drawQr(page, verifyUrl, qrX, MARGIN - 8, qrSize);
	let footerY = MARGIN + 58;
	const footer = (text: string, font: PDFFont, size: number, color = INK) => {
		page.drawText(text, { x: MARGIN, y: footerY, size, font, color });
		footerY -= size * 1.5;
	};
	footer(m.certificate_pdf_issued({ date: date(certificate.issuedAt) }, t), regular, 10.5);
	footer(
		certificate.expiresAt
			? m.certificate_pdf_expires({ date: date(certificate.expiresAt) }, t)
			: m.certificate_pdf_no_expiry({}, t),
		regular,
		10.5
	);
	footer(m.certificate_pdf_code({ code: formatCode(certificate.code) }, t), bold, 11);
	footer(m.certificate_pdf_verify_at({ url: verifyUrl }, t), regular, 9, MUTED);

	return pdf.save({ useObjectStreams: true });
}
