/**
 * Certificates in the bench. Learners complete the course one at a time, so that the submit which
 * completes it (the completion and the certificate written in one transaction) can be set against
 * a failed submit of the same paper, which writes only the attempt. Then each certificate's PDF
 * and signed Open Badge are downloaded one at a time: time and size.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { courseContent } from '../routes.mjs';
import { send, sendForm } from './http-client.mjs';
import { COURSE, quantile } from './load.mjs';

const course = courseContent().find((entry) => entry.slug === COURSE);
const courseFolder = readdirSync('courses').find((name) => name.endsWith(`-${COURSE}`));
if (!course || !courseFolder) throw new Error(`No course folder for ${COURSE}`);

/** Each question's right and wrong option ids, by question id, from the course's quiz bank. */
const answerKey = new Map(
	parse(readFileSync(join('courses', courseFolder, 'quiz.yaml'), 'utf8')).questions.map(
		(question) => [
			question.id,
			{
				right: question.options.filter((option) => option.correct).map((option) => option.id),
				wrong: question.options.filter((option) => !option.correct).map((option) => option.id)
			}
		]
	)
);

/** The questions on an attempt page, answered all right or all wrong, as form fields. */
function answers(html, correctly) {
	const questionIds = new Set([...html.matchAll(/name="q:([^"]+)"/g)].map((match) => match[1]));
	if (questionIds.size === 0) throw new Error('the attempt page had no questions');
	return [...questionIds].flatMap((id) => {
		const key = answerKey.get(id);
		if (!key) throw new Error(`question ${id} is not in the quiz bank`);
		return (correctly ? key.right : key.wrong.slice(0, 1)).map((option) => [`q:${id}`, option]);
	});
}

/** Starts an attempt and submits it; returns the submit's time in ms. */
async function takeQuiz(server, cookie, correctly) {
	const start = await sendForm(server, `/courses/${COURSE}/quiz?/start`, {}, cookie);
	const attemptPath = start.headers.location;
	if (start.status !== 303 || !attemptPath) throw new Error(`start answered ${start.status}`);
	const paper = await send(server.base + attemptPath, { headers: { cookie, accept: 'text/html' } });
	if (paper.status !== 200) throw new Error(`the paper answered ${paper.status}`);
	const started = performance.now();
	const submit = await sendForm(
		server,
		`${attemptPath}?/submit`,
		answers(paper.text, correctly),
		cookie
	);
	const took = performance.now() - started;
	if (submit.status !== 303) throw new Error(`submit answered ${submit.status}`);
	return took;
}

/** GETs `path` and returns its time in ms and its size in bytes; it must answer 200. */
async function download(server, path, cookie) {
	const started = performance.now();
	const response = await send(server.base + path, { headers: { cookie } });
	const took = performance.now() - started;
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
	return { took, bytes: response.bytes };
}

/**
 * For each learner (cookies of confirmed accounts that have not taken the course): every lesson
 * completed, one failed attempt, one passed attempt (which issues the certificate), then the
 * certificate's PDF and credential downloaded. Returns p50 and p99 of each, and the PDF's size.
 */
export async function benchCertificates(server, cookies) {
	const failedSubmitMs = [];
	const completingSubmitMs = [];
	const pdfMs = [];
	const pdfBytes = [];
	const credentialMs = [];
	for (const cookie of cookies) {
		for (const lesson of course.lessons) {
			const done = await sendForm(
				server,
				`/courses/${COURSE}/${lesson}?/complete`,
				{ openedAt: String(Date.now() - 60_000) },
				cookie
			);
			if (done.status !== 303) throw new Error(`completing ${lesson} answered ${done.status}`);
		}
		failedSubmitMs.push(await takeQuiz(server, cookie, false));
		completingSubmitMs.push(await takeQuiz(server, cookie, true));
		const me = await send(`${server.base}/me`, { headers: { cookie, accept: 'text/html' } });
		const id = /\/certificates\/([\w-]+)\/pdf/.exec(me.text)?.[1];
		if (!id) throw new Error('/me shows no certificate after the course was completed');
		const pdf = await download(server, `/certificates/${id}/pdf`, cookie);
		pdfMs.push(pdf.took);
		pdfBytes.push(pdf.bytes);
		credentialMs.push((await download(server, `/certificates/${id}/credential.jwt`, cookie)).took);
	}
	const summary = (values) => ({ p50: quantile(values, 0.5), p99: quantile(values, 0.99) });
	return {
		learners: cookies.length,
		failedSubmit: summary(failedSubmitMs),
		completingSubmit: summary(completingSubmitMs),
		pdf: summary(pdfMs),
		pdfBytes: Math.max(...pdfBytes),
		credential: summary(credentialMs)
	};
}
