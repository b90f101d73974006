/**
 * Generates the fuzzer's requests. Request number `i` of a run is made from its own PRNG, seeded
 * from the run's seed and `i`, so any single request can be made again (`--only i`) without the
 * ones before it, and the order in which responses arrive does not change what is sent.
 *
 * No generated value contains the markers the fuzzer looks for in response bodies (stack frames,
 * `node_modules`, server paths), so an echoed value can never look like a leak.
 */
import { fillRoute } from '../routes.mjs';

/**
 * @typedef {import('../routes.mjs').Route} Route
 * @typedef {import('../routes.mjs').Endpoint} Endpoint
 * @typedef {import('../routes.mjs').CourseContent} CourseContent
 *
 * @typedef {object} Attempt
 * @property {string} id
 * @property {string} owner identity name of the learner who owns it
 * @property {string} course course slug
 * @property {boolean} submitted
 * @property {[string, string[]][]} paper each question's field name (`q:<id>`) and option values
 *
 * @typedef {object} World what the generator knows about the running app
 * @property {string} origin the server's ORIGIN
 * @property {Endpoint[]} endpoints
 * @property {Map<string, Route>} routes by id
 * @property {CourseContent[]} content
 * @property {Attempt[]} attempts
 * @property {Record<string, { email: string, password: string }>} learners by identity name
 * @property {string[]} staticFiles paths of real static files
 *
 * @typedef {'session' | 'none' | 'junk' | 'bad-session' | 'unknown-session' | 'two-sessions' | 'huge' | 'bad-locale'} CookieMode
 *
 * @typedef {object} RequestSpec
 * @property {number} index
 * @property {string} method
 * @property {string} path request target, sent as is
 * @property {Record<string, string>} headers without the cookie, which is added when sending
 * @property {Buffer | null} body
 * @property {boolean} chunked send the body without a content-length
 * @property {string} identity `anonymous` or a learner's identity name
 * @property {CookieMode} cookie
 * @property {string} endpoint the endpoint's key, or `wild` for a path of no particular route
 * @property {string[]} tags what is unusual about the request, to group failures
 * @property {{ forbidden: boolean, unknownAction: boolean }} expect
 */

/** mulberry32: a small, fast, seedable PRNG. */
/** @param {number} seed */
export function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mixes the run's seed and a request number into one 32-bit seed. */
/** @param {number} seed @param {number} index */
function mix(seed, index) {
	let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
	h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
	return (h ^ (h >>> 16)) >>> 0;
}

class Dice {
	/** @param {() => number} random */
	constructor(random) {
		this.random = random;
	}
	/** @param {number} p */
	chance(p) {
		return this.random() < p;
	}
	/** @param {number} min @param {number} max inclusive */
	int(min, max) {
		return min + Math.floor(this.random() * (max - min + 1));
	}
	/** @template T @param {readonly T[]} items @returns {T} */
	pick(items) {
		return items[Math.floor(this.random() * items.length)];
	}
	/** @template T @param {[number, T][]} choices weight and value @returns {T} */
	weighted(choices) {
		const total = choices.reduce((sum, [w]) => sum + w, 0);
		let r = this.random() * total;
		for (const [w, value] of choices) if ((r -= w) < 0) return value;
		return choices[choices.length - 1][1];
	}
}

/** adapter-node's default BODY_SIZE_LIMIT. */
const BODY_SIZE_LIMIT = 512 * 1024;

const FOREIGN_ORIGINS = [
	'http://evil.example',
	'null',
	'https://localhost',
	'http://localhost:1',
	'http://localhost.evil.example'
];

const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'SEARCH'];

/** Names that every plain object has: an action or field of that name must not reach them. */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const HOSTILE_ACTIONS = [
	...PROTOTYPE_NAMES,
	'',
	'default',
	'unknown',
	'DEFAULT',
	'Profile',
	'%ff%fe',
	'%00',
	'a/b',
	'/',
	'x'.repeat(2000),
	'prototype',
	'then'
];

/** Values that have broken form handlers somewhere, plus plain odd ones. */
const HOSTILE_STRINGS = [
	'',
	' ',
	'\t',
	'0',
	'-1',
	'-0',
	'1e309',
	'NaN',
	'Infinity',
	'null',
	'undefined',
	'true',
	'[]',
	'{}',
	'[object Object]',
	'9'.repeat(400),
	'0x1f',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'{"__proto__":{"admin":true}}',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'; DROP TABLE users; --",
	"' OR '1'='1",
	'../../../../etc/passwd',
	'..\\..\\windows\\win.ini',
	'%00',
	'%s%s%s%n',
	'%d %x %o',
	'{{7*7}}',
	'${7*7}',
	'a\u0000b',
	'\u0000',
	'\u0001\u0002\u0003\u001b[31m',
	'\r\n',
	'\r\nSet-Cookie: x=1',
	'\u007f\u0085',
	'\ud800',
	'\udfff',
	'a\ud800b',
	'\udc00\ud800',
	'\ufeff',
	'\ufffe\uffff',
	'\u202eevil',
	'\u200b',
	'e\u0301'.repeat(50),
	'👶🏽',
	'𝕊𝕡𝕚𝕣𝕖',
	'ÆØÅ æøå',
	'ß'.repeat(10),
	'İ',
	'ﬃ',
	'עברית',
	'日本語',
	'x@y',
	'a@b.c',
	'learner@example.org',
	' learner@example.org ',
	'LEARNER@EXAMPLE.ORG',
	'@',
	'"quoted"@example.org',
	'en',
	'nb',
	'da',
	'xx',
	'en-US',
	'../en',
	'javascript:alert(1)',
	'//evil.example',
	'/\\evil.example',
	'http://evil.example',
	'/.//evil.example',
	'/..//evil.example',
	'/%2e%2e/%2e%2e//evil.example'
];

const HOSTILE_FIELD_NAMES = [
	...PROTOTYPE_NAMES,
	'prototype',
	'q:__proto__',
	'q:constructor',
	'q:prototype',
	'q:toString',
	'q:hasOwnProperty',
	'q:x',
	'q:',
	'q',
	'q:q:x',
	'',
	' ',
	'a\u0000b',
	'\ud800',
	'名前',
	'name[]',
	'name[0]',
	'user.name',
	'email ',
	'EMAIL',
	'password2',
	'$where',
	'x-sveltekit-action',
	'/',
	'?/default',
	'redirectTo'
];

/** Already encoded path segments. */
const HOSTILE_SEGMENTS = [
	'%ff%fe',
	'%',
	'%zz',
	'%00',
	'%2e%2e',
	'..',
	'.',
	'%2f',
	'%2F..%2F',
	'%c0%ae%c0%ae',
	'__proto__',
	'constructor',
	'x'.repeat(300),
	'X'.repeat(3000),
	'%F0%9F%91%B6',
	'%ED%A0%80',
	'a%0d%0ab',
	'%5c',
	'\u00e6',
	';',
	'a;b=c',
	'%3Bjsessionid=1',
	'~',
	'%25',
	'%20',
	'quiz',
	'__data.json',
	'00000000-0000-0000-0000-000000000000',
	'%27%20OR%201%3D1%20--',
	'*',
	'#x',
	'?x'
];

const HOSTILE_PATHS = [
	'/courses/%ff%fe',
	'/%',
	'/%%',
	'/%zz',
	'//',
	'//evil.example',
	'//evil.example/%2e%2e',
	'/\\evil.example',
	'/./',
	'/../',
	'/../../../../etc/passwd',
	'/courses/./signs-of-distress',
	'/courses/../me',
	'/courses//signs-of-distress',
	'/COURSES',
	'/courses/',
	'/me/',
	'/healthz/',
	'/healthz/x',
	'/healthz/__data.json',
	'/__data.json',
	'/__data.json?x-sveltekit-invalidated=1',
	'/courses/__data.json?x-sveltekit-invalidated=01',
	'/x-sveltekit-invalidated',
	'/_app/',
	'/_app/immutable/',
	'/_app/version.json',
	'/_app/env.js',
	'/_app/immutable/../../../../etc/passwd',
	'/_app/immutable/%2e%2e/%2e%2e/package.json',
	'/_app/immutable/chunks/%ff.js',
	'/favicon.ico',
	'/robots.txt',
	'/.env',
	'/.git/config',
	'/package.json',
	'/build/index.js',
	'/src/hooks.server.ts',
	'/data/spire.db',
	'/node_modules/.bin/vite',
	'/%2e%2e/%2e%2e/etc/passwd',
	'/..%2f..%2fetc%2fpasswd',
	'/%c0%ae%c0%ae/',
	'/login?redirectTo=//evil.example',
	'/login?redirectTo=/.//evil.example',
	'/login?redirectTo=%2F%2Fevil.example',
	'/login?redirectTo=javascript:alert(1)',
	'/login?redirectTo=' + 'a'.repeat(5000),
	'*',
	'http://evil.example/courses',
	'/courses/signs-of-distress/%0d%0aSet-Cookie:%20x=1',
	'/service-worker.js',
	'/\u00e6\u00f8\u00e5'
];

const ACCEPTS = [
	'text/html',
	'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'application/json',
	'*/*',
	'application/json, text/html',
	'text/html;q=0, application/json;q=0',
	'image/png',
	';;;,,,',
	'text/*',
	'application/json;q=0.5, text/html;q=0.5',
	'a'.repeat(3000)
];

const ODD_CONTENT_TYPES = [
	'application/x-www-form-urlencoded; charset=utf-16',
	'APPLICATION/X-WWW-FORM-URLENCODED',
	'application/x-www-form-urlencoded;;;',
	'multipart/form-data; boundary=',
	'multipart/form-data; boundary=""',
	'multipart/form-data; boundary=' + 'b'.repeat(200),
	'MULTIPART/FORM-DATA; BOUNDARY=x',
	'multipart/mixed; boundary=x',
	'application/octet-stream',
	'text/html',
	'form',
	';',
	' ',
	'application/x-www-form-urlencoded, multipart/form-data'
];

/** A request's own deterministic PRNG: `seed` is the run's, `index` the request's number. */
/** @param {number} seed @param {number} index */
export function requestDice(seed, index) {
	return new Dice(mulberry32(mix(seed, index)));
}

/**
 * UTF-8, except that a lone surrogate is written as its own three bytes (WTF-8), so that the bytes
 * a careless client would send really reach the server.
 * @param {string} text
 */
export function wtf8(text) {
	if (text.isWellFormed()) return Buffer.from(text, 'utf8');
	/** @type {number[]} */
	const bytes = [];
	for (let i = 0; i < text.length; i++) {
		let code = /** @type {number} */ (text.codePointAt(i));
		if (code > 0xffff) i++;
		if (code < 0x80) bytes.push(code);
		else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
		else if (code < 0x10000)
			bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
		else {
			bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f));
			bytes.push(0x80 | (code & 0x3f));
		}
	}
	return Buffer.from(bytes);
}

/** `%XX` for every byte, or the character itself if it is unreserved. */
const ENCODED_BYTE = Array.from({ length: 256 }, (_, byte) => {
	const ch = String.fromCharCode(byte);
	return /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** Percent-encodes a string as form fields are, lone surrogates included (as WTF-8). */
/** @param {string} text */
function formEncode(text) {
	if (text.isWellFormed()) return encodeURIComponent(text);
	let out = '';
	for (const byte of wtf8(text)) out += ENCODED_BYTE[byte];
	return out;
}

/** Random text from a mix of scripts, controls, surrogates and emoji. */
/** @param {Dice} dice @param {number} length */
function randomText(dice, length) {
	const ranges = [
		[0x20, 0x7e],
		[0x00, 0x1f],
		[0x80, 0xff],
		[0x370, 0x3ff],
		[0x590, 0x5ff],
		[0x4e00, 0x4fff],
		[0xd800, 0xdfff],
		[0xfff0, 0xffff],
		[0x1f300, 0x1f64f]
	];
	let out = '';
	while (out.length < length) {
		const [lo, hi] = dice.pick(ranges);
		out += String.fromCodePoint(dice.int(lo, hi));
	}
	return out;
}

/** @type {string | undefined} */
let hugeValue;
/** A value of just over 1 MB (the same string every time, to spare memory). */
function huge() {
	hugeValue ??= 'A'.repeat(1024 * 1024 + 17);
	return hugeValue;
}

/** @type {Buffer | undefined} */
let hugeBody;
/** A form body of just over 1 MB (the same bytes every time). */
function hugeForm() {
	hugeBody ??= Buffer.from(`name=${huge()}`);
	return hugeBody;
}

/** @param {Dice} dice @param {string[]} tags */
function hostileValue(dice, tags) {
	return dice.weighted([
		[70, () => dice.pick(HOSTILE_STRINGS)],
		[15, () => randomText(dice, dice.int(1, 64))],
		[8, () => (tags.push('value:long'), 'é'.repeat(dice.int(1000, 20000)))],
		[1, () => (tags.push('value:huge'), huge())],
		[6, () => String(dice.int(-1e9, 1e9))]
	])();
}

/**
 * The values a real form would send for the route's fields; the fuzzer then mutates them.
 * @param {Dice} dice
 * @param {World} world
 * @param {Route} route
 * @param {Record<string, string>} chosen the path's parameter values
 * @param {string} identity
 * @param {number} index
 * @returns {[string, string][]}
 */
function realisticFields(dice, world, route, chosen, identity, index) {
	/** @type {[string, string][]} */
	const fields = [];
	for (const name of [...route.fields, ...(RUN_TIME_FIELDS[route.id] ?? [])]) {
		if (name === 'q:*') {
			const attempt = world.attempts.find((a) => a.id === chosen.attempt);
			const paper = attempt?.paper ?? dice.pick(world.attempts).paper;
			for (const [field, options] of paper) {
				if (dice.chance(0.9)) fields.push([field, dice.pick(options)]);
			}
			continue;
		}
		if (dice.chance(0.1)) continue;
		fields.push([name, REALISTIC[name]?.(index) ?? 'value']);
	}
	// Real credentials, only when signed out: signing in as a learner from the fuzz traffic would
	// end that learner's session, and a wrong password for a learner would lock the account.
	const names = new Set(route.fields);
	if (identity === 'anonymous' && names.has('email') && names.has('password') && dice.chance(0.1)) {
		const learner = world.learners[dice.pick(Object.keys(world.learners))];
		for (const field of fields) {
			if (field[0] === 'email') field[1] = learner.email;
			if (field[0] === 'password') field[1] = learner.password;
		}
	}
	return fields;
}

/** The eight sections of a practice notification of concern (src/lib/referral-sections.ts). */
const REFERRAL_SECTIONS = [
	'reporter',
	'child',
	'observations',
	'childsWords',
	'actionsTaken',
	'strengths',
	'assessment',
	'parentsInformed'
];

/**
 * Fields a page names from its data at run time (`name={id}`), which the route scanner cannot
 * read: the writing page's sections and a country form's extra field, and the review's comments.
 * @type {Record<string, string[]>}
 */
const RUN_TIME_FIELDS = {
	'/courses/[course]/exercises/[exercise]': [...REFERRAL_SECTIONS, 'extra.interpreter'],
	'/referrals/[submission]': REFERRAL_SECTIONS.map((id) => `comment.${id}`)
};

/** A made-up report sentence, dated and quoted, for the referral fields. */
const REPORT_SENTENCE = () => 'On 5 October at 9:30 Ida said: "It stings." She seemed tired.';

/** @type {Record<string, (index: number) => string>} */
const REALISTIC = {
	...Object.fromEntries(REFERRAL_SECTIONS.map((id) => [id, REPORT_SENTENCE])),
	baseRevision: () => '0',
	name: () => 'Fuzz Learner',
	email: (index) => `fuzz-${index}@example.org`,
	password: () => 'a quiet bench by the sea',
	// Never a learner's real password: a password change would lock the fuzzer out.
	currentPassword: () => 'not the current password',
	newPassword: () => 'another quiet bench by the sea',
	locale: () => 'en',
	openedAt: () => '1700000000000'
};

/**
 * @param {Dice} dice
 * @param {[string, string][]} fields
 * @param {string[]} tags
 * @param {string[]} [prefixes] fixed prefixes of the route's run-time field names (`q:`)
 */
function mutateFields(dice, fields, tags, prefixes = []) {
	const rounds = dice.weighted([
		[25, 0],
		[35, 1],
		[25, 2],
		[15, 4]
	]);
	for (let r = 0; r < rounds; r++) {
		dice.weighted([
			[
				prefixes.length ? 20 : 0,
				() => {
					// A field the form builds at run time, with a name it never builds.
					const name =
						dice.pick(prefixes) +
						dice.pick(['__proto__', '__proto__', ...PROTOTYPE_NAMES, 'prototype', 'x', '', 'q:x']);
					tags.push(`field:${name}`);
					fields.push([name, dice.pick(['a', 'b', 'true', ''])]);
				}
			],
			[
				30,
				() => {
					const name = dice.pick(HOSTILE_FIELD_NAMES);
					tags.push(
						`field:${name.startsWith('q:') ? name : PROTOTYPE_NAMES.includes(name) ? name : 'odd'}`
					);
					fields.push([name, dice.chance(0.5) ? dice.pick(HOSTILE_STRINGS) : 'a']);
				}
			],
			[
				30,
				() => {
					if (!fields.length) return;
					const field = dice.pick(fields);
					field[1] = hostileValue(dice, tags);
					tags.push('value:hostile');
				}
			],
			[
				15,
				() => {
					if (!fields.length) return;
					const field = dice.pick(fields);
					// Many copies of a short value, or a few of a long one: bodies stay below a few MB.
					const times =
						field[1].length > 1000 ? dice.int(2, 5) : dice.chance(0.05) ? 1000 : dice.int(2, 50);
					tags.push('field:repeated');
					for (let i = 0; i < times; i++) fields.push([field[0], field[1]]);
				}
			],
			[
				10,
				() => {
					if (fields.length) fields.splice(dice.int(0, fields.length - 1), 1);
				}
			],
			[
				10,
				() => {
					tags.push('field:unicode-name');
					fields.push([randomText(dice, dice.int(1, 12)), randomText(dice, dice.int(0, 12))]);
				}
			],
			[
				5,
				() => {
					tags.push('field:long-name');
					fields.push(['n'.repeat(dice.int(1000, 10000)), 'x']);
				}
			]
		])();
	}
	return fields;
}

/** @param {[string, string][]} fields */
function urlencoded(fields) {
	return fields.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
}

/**
 * @param {[string, string][]} fields
 * @param {string} boundary
 * @param {Dice} dice
 */
function multipart(fields, boundary, dice) {
	/** @type {Buffer[]} */
	const parts = [];
	for (const [name, value] of fields) {
		const file = dice.chance(0.1)
			? `; filename="${dice.pick(['a.txt', '', '../x', 'é.png'])}"`
			: '';
		const type = file ? 'Content-Type: application/octet-stream\r\n' : '';
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
			wtf8(name.replace(/"/g, '%22')),
			Buffer.from(`"${file}\r\n${type}\r\n`),
			wtf8(value),
			Buffer.from('\r\n')
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return Buffer.concat(parts);
}

/** Multipart bodies that are wrong in one of the ways a parser can trip over. */
/** @param {Dice} dice @param {[string, string][]} fields @param {string} boundary */
function brokenMultipart(dice, fields, boundary) {
	const good = multipart(fields.length ? fields : [['name', 'x']], boundary, dice);
	return dice.pick([
		() => good.subarray(0, Math.max(1, Math.floor(good.length / 2))),
		() => Buffer.from(good.toString('latin1').replace(`--${boundary}--`, ''), 'latin1'),
		() => multipart(fields, `${boundary}x`, dice),
		() => Buffer.from('this is not multipart at all'),
		() =>
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--\r\n`
			),
		() => Buffer.from(`--${boundary}\r\n\r\n\r\n--${boundary}--\r\n`),
		() => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n`),
		() => Buffer.from(`--${boundary}--\r\n--${boundary}\r\n`),
		() =>
			Buffer.from(
				`--${boundary}\nContent-Disposition: form-data; name="a"\n\nb\n--${boundary}--\n`
			),
		() => Buffer.from(''),
		() =>
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="a\r\nX: y"\r\n\r\nb\r\n--${boundary}--\r\n`
			)
	])();
}

/** Urlencoded bodies with percent signs that do not decode. */
/** @param {Dice} dice @param {[string, string][]} fields */
function badPercent(dice, fields) {
	const bad = dice.pick([
		'%',
		'%z',
		'%zz',
		'%ff',
		'%fe%ff',
		'%ED%A0%80',
		'%C0%80',
		'%E0%80',
		'%%',
		'%u0041',
		'+%'
	]);
	const text = urlencoded(fields);
	return dice.pick([
		() => `${text}&${bad}=${bad}`,
		() => `${bad}${text}`,
		() => text.replace(/=/, `=${bad}`),
		() => `a=${bad}&&&=&==&a`,
		() => `${bad}`
	])();
}

/**
 * A body of one of many kinds. Returns the content type (null: none sent), the bytes and a tag.
 * @param {Dice} dice
 * @param {[string, string][]} fields
 * @param {string[]} tags
 * @returns {{ type: string | null, body: Buffer }}
 */
function makeBody(dice, fields, tags) {
	const boundary = `----fuzz${dice.int(0, 1e9)}`;
	const kind = dice.weighted([
		[40, 'urlencoded'],
		[14, 'multipart'],
		[5, 'multipart-no-boundary'],
		[6, 'multipart-broken'],
		[8, 'urlencoded-bad-percent'],
		[6, 'text-plain'],
		[6, 'json'],
		[5, 'none'],
		[6, 'odd-type'],
		[1, 'huge'],
		[2, 'binary']
	]);
	tags.push(`body:${kind}`);
	const form = 'application/x-www-form-urlencoded';
	switch (kind) {
		case 'urlencoded':
			return { type: form, body: Buffer.from(urlencoded(fields)) };
		case 'multipart':
			// A line break in a field name breaks the part's headers: the body is no longer valid.
			if (fields.some(([name]) => /[\r\n]/.test(name))) tags.push('body:multipart-broken');
			return {
				type: `multipart/form-data; boundary=${boundary}`,
				body: multipart(fields, boundary, dice)
			};
		case 'multipart-no-boundary':
			return { type: 'multipart/form-data', body: multipart(fields, boundary, dice) };
		case 'multipart-broken':
			return {
				type: `multipart/form-data; boundary=${boundary}`,
				body: brokenMultipart(dice, fields, boundary)
			};
		case 'urlencoded-bad-percent':
			return { type: form, body: Buffer.from(badPercent(dice, fields)) };
		case 'text-plain':
			return {
				type: dice.pick(['text/plain', 'text/plain;charset=UTF-8']),
				body: wtf8(fields.map(([k, v]) => `${k}=${v}`).join('\r\n'))
			};
		case 'json':
			return {
				type: 'application/json',
				body: Buffer.from(
					dice.pick([
						() => JSON.stringify(Object.fromEntries(fields)),
						() => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
						() => '{"broken": ',
						() => '[]',
						() => 'null'
					])()
				)
			};
		case 'none':
			return {
				type: null,
				body: dice.chance(0.5) ? Buffer.alloc(0) : Buffer.from(urlencoded(fields))
			};
		case 'odd-type':
			return { type: dice.pick(ODD_CONTENT_TYPES), body: Buffer.from(urlencoded(fields)) };
		case 'huge':
			return {
				type: dice.pick([form, `multipart/form-data; boundary=${boundary}`, 'text/plain']),
				body: hugeForm()
			};
		default:
			return {
				type: dice.pick([form, 'multipart/form-data; boundary=x']),
				body: Buffer.from(Array.from({ length: dice.int(1, 4096) }, () => dice.int(0, 255)))
			};
	}
}

/** Hostile query strings. */
/** @param {Dice} dice */
function hostileQuery(dice) {
	return dice.pick([
		() =>
			`redirectTo=${dice.pick(['//evil.example', '/.//evil.example', '%2F%2Fevil.example', '/\\evil.example', 'javascript:alert(1)', '/me', '%ff'])}`,
		() => 'x-sveltekit-invalidated=1',
		() => 'x-sveltekit-invalidated=01_1',
		() => 'x-sveltekit-trailing-slash=1',
		() => 'a=%',
		() => '%ff=%fe',
		() => 'a=1&'.repeat(dice.int(10, 2000)),
		() => '__proto__[x]=1&constructor[prototype][y]=1',
		() => `q=${'é'.repeat(dice.int(10, 2000))}`,
		() => '=&&=&',
		() => 'redirectTo=/courses&redirectTo=//evil.example'
	])();
}

/**
 * Fills a route's parameters, mostly with real values, sometimes with hostile ones.
 * @param {Dice} dice
 * @param {World} world
 * @param {Route} route
 * @param {string[]} tags
 * @param {string} [identity] who sends the request
 */
function fillParams(dice, world, route, tags, identity = 'anonymous') {
	/** @type {Record<string, string>} */
	const chosen = {};
	/** @type {Record<string, string>} */
	const encoded = {};
	for (const name of route.params) {
		if (dice.chance(0.12)) {
			tags.push(`param:${name}:hostile`);
			encoded[name] = dice.pick(HOSTILE_SEGMENTS);
			chosen[name] = encoded[name];
			continue;
		}
		/** @type {string[]} */
		let values;
		if (name === 'course') values = world.content.map((c) => c.slug);
		else if (name === 'lesson')
			values = world.content.find((c) => c.slug === chosen.course)?.lessons ?? ['none'];
		else if (name === 'exercise') {
			// The course's writing exercises (module 4 has some), and one that does not exist.
			const exercises = world.content.find((c) => c.slug === chosen.course)?.exercises ?? [];
			values = [...exercises, 'none'];
		} else if (name === 'submission') {
			// Nobody's practice notification is the fuzzed learners' own: shaped like an id or not.
			values = ['9a4e2c7b-1d3f-4b6a-8e5c-2f7d9b0a1c3e', 'x'];
		} else if (name === 'attempt') {
			// Mostly the learner's own open attempt, where answers are read and checked; else any
			// attempt in the course (someone else's, a submitted one) or one that does not exist.
			const inCourse = world.attempts.filter((a) => a.course === chosen.course);
			const own = inCourse.filter((a) => a.owner === identity && !a.submitted);
			values =
				own.length && dice.chance(0.5)
					? own.map((a) => a.id)
					: [...inCourse.map((a) => a.id), '2f7d1c64-0c6e-4d4f-9a57-4f9bd2a9e0c1'];
		} else if (name === 'organisation') {
			// The fuzzer signs in as learners only, who get 404 from every /admin address: an id
			// shaped like a real one and one that is not.
			values = ['6c1f0e52-3b8a-4f7e-9d2a-1e5b7c9f0a34', 'x'];
		} else if (name === 'group') {
			// Learners get 404 from every group page: an id shaped like a real one and one that is not.
			values = ['0b6a8f0e-5d1c-4c2a-8e7f-3a9b1c2d4e5f', 'x'];
		} else if (name === 'learner') {
			// A learner's id in a group the fuzzed learners cannot see: shaped like a real one or not.
			values = ['7e3d9c1a-2b4f-4a6e-8c5d-9f0e1a2b3c4d', 'x'];
		} else if (name === 'token') {
			// Invite tokens: well-formed but unknown, and malformed ones.
			values = ['abcdefghijklmnopqrstuvwxyz234567', 'x', 'A'.repeat(32)];
		} else if (name === 'certificate') {
			// Nobody's certificate is the fuzzed learners' own: an id shaped like a real one or not.
			values = ['3f0c2a9e-6b1d-4e8f-a2c7-5d9e0b1f4a6c', 'x'];
		} else if (name === 'code') {
			// Certificate codes: well-formed but unknown, a wrong check character, look-alikes.
			values = [
				'SPIRE-0000-0000-0000-0001-1',
				'SPIRE-0000-0000-0000-0001-2',
				'spire 0000 0000 oooo 0001 1',
				'\u0405PIRE-0000-0000-0000-0001-1',
				'Z'.repeat(10_000)
			];
		} else if (name === 'issuer') values = ['spire', '6c1f0e52-3b8a-4f7e-9d2a-1e5b7c9f0a34', 'x'];
		else if (name === 'list') values = ['1', '2', '0', '999999999', 'x'];
		else values = ['x'];
		chosen[name] = dice.pick(values.length ? values : ['none']);
		encoded[name] = encodeURIComponent(chosen[name]);
	}
	return { chosen, path: fillRoute(route.id, encoded) };
}

/** @param {Dice} dice @param {World} world @param {string[]} tags */
function wildPath(dice, world, tags) {
	return dice.weighted([
		[30, () => (tags.push('path:hostile'), dice.pick(HOSTILE_PATHS))],
		[
			18,
			() => {
				tags.push('path:deep');
				const depth = dice.int(20, 400);
				return dice.pick([
					() => `/${'a/'.repeat(depth)}`,
					() => `/courses/${'x/'.repeat(depth)}`,
					() => `/courses/signs-of-distress/${'../'.repeat(depth)}me`,
					() => `/${'%2e%2e/'.repeat(depth)}`
				])();
			}
		],
		[8, () => (tags.push('path:long'), `/${'a'.repeat(dice.int(1000, 20000))}`)],
		[14, () => (tags.push('path:static'), dice.pick(world.staticFiles))],
		[
			14,
			() => {
				tags.push('path:variant');
				const route = world.routes.get(dice.pick(world.endpoints).routeId);
				const { path } = fillParams(dice, world, /** @type {Route} */ (route), tags);
				return dice.pick([
					() => `${path}/`,
					() => `${path}/extra`,
					() => path.toUpperCase(),
					() => path.replace(/\//g, '//'),
					() => `${path}/.`,
					() => `${path}/..`,
					() => `${path}%2f`,
					() => `${path};x=1`
				])();
			}
		],
		[16, () => (tags.push('path:random'), `/${formEncode(randomText(dice, dice.int(1, 40)))}`)]
	])();
}

/** @param {Dice} dice @param {string[]} tags @returns {CookieMode} */
function cookieMode(dice, tags) {
	/** @type {CookieMode} */
	const mode = dice.weighted([
		[70, 'session'],
		[6, 'none'],
		[6, 'junk'],
		[5, 'bad-session'],
		[4, 'unknown-session'],
		[4, 'two-sessions'],
		[2, 'huge'],
		[3, 'bad-locale']
	]);
	if (mode !== 'session') tags.push(`cookie:${mode}`);
	return mode;
}

/**
 * Request number `index` of the run with this seed.
 * @param {World} world
 * @param {number} seed
 * @param {number} index
 * @returns {RequestSpec}
 */
export function generate(world, seed, index) {
	const dice = requestDice(seed, index);
	/** @type {string[]} */
	const tags = [];
	const identity = dice.weighted([
		[35, 'anonymous'],
		...Object.keys(world.learners).map(
			(name, i) => /** @type {[number, string]} */ ([i === 0 ? 45 : 20, name])
		)
	]);
	/** @type {Record<string, string>} */
	const headers = { host: new URL(world.origin).host };

	const accept = dice.weighted([
		[45, 'text/html'],
		[15, 'application/json'],
		[10, '*/*'],
		[15, null],
		[15, 'odd']
	]);
	if (accept === 'odd') {
		headers.accept = dice.pick(ACCEPTS);
		tags.push('header:accept');
	} else if (accept) headers.accept = accept;
	if (dice.chance(0.05)) {
		headers['accept-language'] = dice.pick(['*', 'xx', 'nb;q=2', 'a'.repeat(2000), ',,;q=']);
		tags.push('header:accept-language');
	}
	if (dice.chance(0.03)) {
		headers.host = dice.pick(['evil.example', 'localhost:1', 'a'.repeat(300)]);
		tags.push('header:host');
	}
	if (dice.chance(0.05)) {
		headers['x-forwarded-for'] = dice.pick(['1.2.3.4', 'not an address', '::1, 10.0.0.1']);
		tags.push('header:x-forwarded');
	}

	const wild = dice.chance(0.16);
	/** @type {Endpoint | null} */
	const endpoint = wild ? null : dice.pick(world.endpoints);
	let path;
	let method;
	let unknownAction = false;
	/** @type {[string, string][]} */
	let fields = [];
	if (!endpoint) {
		path = wildPath(dice, world, tags);
		method = dice.weighted([
			[70, 'GET'],
			[20, 'POST'],
			[10, dice.pick(ODD_METHODS)]
		]);
		if (method !== 'GET') fields = mutateFields(dice, [['name', 'x']], tags);
	} else {
		const route = /** @type {Route} */ (world.routes.get(endpoint.routeId));
		const filled = fillParams(dice, world, route, tags, identity);
		const chosen = filled.chosen;
		path = filled.path;
		method = endpoint.method;
		if (dice.chance(0.1)) {
			method = dice.chance(0.05) ? 'FOO' : dice.pick(ODD_METHODS);
			tags.push(`method:${method}`);
		}
		/** @type {string[]} */
		const query = [];
		if (endpoint.action !== null) {
			if (dice.chance(0.22)) {
				const name = dice.pick(HOSTILE_ACTIONS);
				query.push(`/${name}`);
				// (A `?` or `#` in a hostile segment would start the query before the action name.)
				unknownAction = (!route.actions.includes(name) || name === 'default') && !/[?#]/.test(path);
				tags.push(
					`action:${PROTOTYPE_NAMES.includes(name) ? name : name === 'default' ? 'default-by-name' : 'unknown'}`
				);
			} else if (endpoint.action !== 'default') query.push(`/${endpoint.action}`);
			fields = mutateFields(
				dice,
				realisticFields(dice, world, route, chosen, identity, index),
				tags,
				route.fields.filter((f) => f.endsWith('*')).map((f) => f.slice(0, -1))
			);
		} else if (endpoint.method === 'GET' && route.page && dice.chance(0.12)) {
			path = path === '/' ? '/__data.json' : `${path}/__data.json`;
			tags.push('path:__data.json');
			if (dice.chance(0.5))
				query.push(`x-sveltekit-invalidated=${dice.pick(['1', '01', '11', '_', 'x'])}`);
		}
		if (dice.chance(0.2)) {
			query.push(hostileQuery(dice));
			tags.push('query:hostile');
		}
		if (query.length) path += `?${query.join('&')}`;
		if (method !== endpoint.method && fields.length === 0)
			fields = mutateFields(dice, [['name', 'x']], tags);
	}

	/** @type {Buffer | null} */
	let body = null;
	const sendsBody = !['GET', 'HEAD'].includes(method) || dice.chance(0.03);
	if (sendsBody) {
		if (['GET', 'HEAD'].includes(method)) tags.push('body:on-get');
		const made = makeBody(dice, fields, tags);
		body = made.body;
		if (made.type !== null) headers['content-type'] = made.type;
	}
	const chunked = body !== null && dice.chance(0.08);
	if (chunked) {
		tags.push('body:chunked');
		// Node's client only chunks POST, PUT and PATCH bodies by itself.
		headers['transfer-encoding'] = 'chunked';
	}

	let forbidden = false;
	if (!['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method)) {
		const origin = dice.weighted([
			[85, world.origin],
			[8, dice.pick(FOREIGN_ORIGINS)],
			[7, null]
		]);
		if (origin !== null) headers.origin = origin;
		if (origin !== world.origin) tags.push(origin === null ? 'origin:none' : 'origin:foreign');
		if (dice.chance(0.1)) headers['x-sveltekit-action'] = 'true';
		// SvelteKit refuses form posts from other origins; the fuzzer checks that it always does.
		const type = (headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
		const formType = [
			'application/x-www-form-urlencoded',
			'multipart/form-data',
			'text/plain'
		].includes(type);
		forbidden =
			origin !== world.origin && formType && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
	}
	const cookie = cookieMode(dice, tags);
	// Refused before SvelteKit sees them: a declared body over the size limit (413), or a request
	// line and headers over Node's 16 KB (431).
	const headerBytes = path.length + Object.values(headers).join('').length;
	// Static files are served before SvelteKit, whatever the method: no form action there. Node
	// itself answers 400 to a request line with raw bytes outside ASCII.
	if (
		(body && !chunked && body.length > BODY_SIZE_LIMIT) ||
		headerBytes > 12_000 ||
		cookie === 'huge' ||
		tags.includes('path:static') ||
		world.staticFiles.includes(path) ||
		!path.startsWith('/') ||
		/[^\x21-\x7e]/.test(path)
	)
		forbidden = false;

	return {
		index,
		method,
		path,
		headers,
		body,
		chunked,
		identity,
		cookie,
		endpoint: endpoint?.key ?? 'wild',
		tags: [...new Set(tags)],
		expect: { forbidden, unknownAction: unknownAction && method === 'POST' }
	};
}

/** The cookie header to send for a spec, given the identity's current session cookie. */
/**
 * @param {RequestSpec} spec
 * @param {string | null} session `name=value` of the identity's session cookie, if signed in
 * @param {string} sessionName the session cookie's name
 */
export function cookieHeader(spec, session, sessionName) {
	const dice = requestDice(spec.index, 0x5eed);
	switch (spec.cookie) {
		case 'session':
			return session;
		case 'none':
			return null;
		case 'junk':
			return [
				session,
				dice.pick(['=;=;;', 'a=b; a=c', '%ff=%fe', 'x', ';;;;', 'é=ø', '$Version=1; a=b'])
			]
				.filter(Boolean)
				.join('; ');
		case 'bad-session':
			return `${sessionName}=${dice.pick(['garbage', '%ff%fe', '', '"quoted"', 'a'.repeat(200), '__proto__'])}`;
		case 'unknown-session':
			return `${sessionName}=${'abcdefghijklmnopqrstuvwxyz234567'
				.split('')
				.sort(() => dice.random() - 0.5)
				.join('')}`;
		case 'two-sessions':
			return [session, `${sessionName}=${'a'.repeat(32)}`].filter(Boolean).join('; ');
		case 'huge':
			return [session, `big=${'c'.repeat(dice.pick([4000, 8000, 20000]))}`]
				.filter(Boolean)
				.join('; ');
		case 'bad-locale':
			return [
				session,
				`PARAGLIDE_LOCALE=${dice.pick(['xx', '../../en', '', '__proto__', 'en; nb', 'é'])}`
			]
				.filter(Boolean)
				.join('; ');
	}
}
