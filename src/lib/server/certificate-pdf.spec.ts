import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCertificatePdf, certificateFileName } from '$lib/server/certificate-pdf';
import { formatCode, newCertificateCode } from '$lib/server/certificates';

const code = newCertificateCode();
const verifyUrl = `https://spire.example/verify/${formatCode(code)}`;
const certificate = {
	code,
	holderName: 'Åse Ødegård-Bækken Müller',
	courseTitle: 'Signs of distress in infants and toddlers',
	courseVersion: '2026.1',
	objectives: [
		'Tell brief, normal withdrawal apart from sustained withdrawal.',
		'Name the eight ADBB dimensions, use them as a way of observing without scoring, and explain why sustained withdrawal is an alarm signal, even when it is subtle and easy to miss.',
		'Café, smörgås and Übung: letters from every Nordic language.'
	],
	minutes: 95,
	completedAt: new Date('2026-03-02T10:00:00Z'),
	issuedAt: new Date('2026-03-02T10:00:00Z'),
	expiresAt: new Date('2029-03-02T10:00:00Z'),
	issuerName: 'Solsikken barnehage'
};

const folder = mkdtempSync(join(tmpdir(), 'spire-pdf-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Poppler's tools are in CI (`.ci/run` installs poppler-utils); say so plainly if they are missing. */
function poppler(tool: string, args: string[]) {
	return execFileSync(tool, args, { encoding: 'utf8' });
}

describe('buildCertificatePdf', () => {
	it('builds an A4 landscape PDF under 100 KB', async () => {
		const bytes = await buildCertificatePdf(certificate, verifyUrl);
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		expect(bytes.length).toBeLessThan(100 * 1024);
		const pdf = await PDFDocument.load(bytes);
		expect(pdf.getPageCount()).toBe(1);
		const { width, height } = pdf.getPage(0).getSize();
		expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
		expect(pdf.getTitle()).toContain('Signs of distress');
	});

	it('reads back with pdftotext: the name with æ, ø and å, the course, the dates and the code', async () => {
		const file = join(folder, 'text.pdf');
		writeFileSync(file, await buildCertificatePdf(certificate, verifyUrl));
		const text = poppler('pdftotext', ['-layout', file, '-']);
		expect(text).toContain('Åse Ødegård-Bækken Müller');
		expect(text).toContain('Signs of distress in infants and toddlers');
		expect(text).toContain('2 March 2026');
		expect(text).toContain('2 March 2029');
		expect(text).toContain(formatCode(code));
		expect(text).toContain('Solsikken barnehage');
		expect(text).toContain('1.5 hours');
		expect(text).toContain('smörgås');
	});

	it('has a QR code that decodes to the verification address', async () => {
		const file = join(folder, 'qr.pdf');
		writeFileSync(file, await buildCertificatePdf(certificate, verifyUrl));
		poppler('pdftoppm', ['-r', '100', '-gray', file, join(folder, 'page')]);
		const image = readdirSync(folder).find(
			(name) => name.startsWith('page') && name.endsWith('.pgm')
		);
		expect(image).toBeTruthy();
		const { width, height, pixels } = readPgm(readFileSync(join(folder, image!)));
		const rgba = new Uint8ClampedArray(width * height * 4);
		for (let i = 0; i < width * height; i++) {
			rgba.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
		}
		expect(jsQR(rgba, width, height)?.data).toBe(verifyUrl);
	});

	it('names the file after the course', () => {
		expect(certificateFileName('signs-of-distress')).toBe(
			'spire-certificate-signs-of-distress.pdf'
		);
	});
});

/** A binary PGM (P5) as pdftoppm -gray writes it. */
function readPgm(bytes: Buffer) {
	const header = bytes.subarray(0, 64).toString('latin1');
	const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
	if (!match) throw new Error('not a PGM file');
	const [, width, height] = match.map(Number);
	return { width, height, pixels: bytes.subarray(match[0].length) };
}
