/**
 * Every route and form action of the app, read from the file system (src/routes) rather than
 * listed by hand, and the values their parameters take (course content from courses/). Shared by
 * the request fuzzer (tests/fuzz/fuzz.mjs) and the authorization matrix
 * (tests/authorization.e2e.ts), so that a new route is fuzzed and must be given a row in the
 * matrix as soon as its folder exists.
 *
 * Plain Node ESM with JSDoc types: the fuzzer runs it without a build step.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} Route
 * @property {string} id SvelteKit's route id, e.g. `/courses/[course]/quiz/[attempt]`
 * @property {string[]} params parameter names in path order, e.g. `['course', 'attempt']`
 * @property {boolean} page whether a page answers GET here (+page.svelte, +page.ts or +page.server.ts)
 * @property {string[]} methods HTTP methods exported by +server.ts/+server.js
 * @property {string[]} actions form actions exported by +page.server.ts (`default` for the unnamed one)
 * @property {string[]} fields form field names in the route's +page.svelte; a trailing `*` marks a
 *   name built at run time, e.g. `q:*` for `name="q:{question.id}"`
 */

/**
 * @typedef {object} Endpoint
 * @property {string} key `GET /account`, `POST /account?/profile`, `POST /login` (default action)
 * @property {string} method
 * @property {string} routeId
 * @property {string | null} action the action name, or null when the endpoint is not an action
 */

const SERVER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

/** @param {string} path */
function read(path) {
	return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** @param {string} dir @param {string} base @returns {string[]} */
function firstExisting(dir, base) {
	return ['.ts', '.js'].map((ext) => join(dir, base + ext)).filter((path) => existsSync(path));
}

/**
 * Every route under `root`, sorted by id.
 * @param {string} [root]
 * @returns {Route[]}
 */
export function discoverRoutes(root = 'src/routes') {
	/** @type {Route[]} */
	const routes = [];
	/** @param {string} dir @param {string} id */
	const visit = (dir, id) => {
		const entries = readdirSync(dir);
		const pageServer = firstExisting(dir, '+page.server').map((p) => readFileSync(p, 'utf8'))[0];
		const server = firstExisting(dir, '+server').map((p) => readFileSync(p, 'utf8'))[0];
		const page =
			entries.includes('+page.svelte') ||
			firstExisting(dir, '+page').length > 0 ||
			pageServer !== undefined;
		if (page || server !== undefined) {
			routes.push({
				id,
				params: paramsOf(id),
				page,
				methods: server === undefined ? [] : exportedMethods(server),
				actions: pageServer === undefined ? [] : exportedActions(pageServer),
				fields: formFields(read(join(dir, '+page.svelte')) ?? '')
			});
		}
		for (const entry of entries.sort()) {
			const path = join(dir, entry);
			if (statSync(path).isDirectory()) visit(path, id === '/' ? `/${entry}` : `${id}/${entry}`);
		}
	};
	visit(root, '/');
	return routes.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * What can be requested: GET for every page, every exported method of an endpoint, and a POST
 * for every form action.
 * @param {Route[]} routes
 * @returns {Endpoint[]}
 */
export function endpointsOf(routes) {
	/** @type {Endpoint[]} */
	const endpoints = [];
	for (const route of routes) {
		if (route.page) endpoints.push(endpoint('GET', route.id, null));
		for (const method of route.methods) endpoints.push(endpoint(method, route.id, null));
		for (const action of route.actions) endpoints.push(endpoint('POST', route.id, action));
	}
	return endpoints;
}

/** @param {string} method @param {string} routeId @param {string | null} action @returns {Endpoint} */
function endpoint(method, routeId, action) {
	const suffix = action === null || action === 'default' ? '' : `?/${action}`;
	return { key: `${method} ${routeId}${suffix}`, method, routeId, action };
}

/** @param {string} id */
function paramsOf(id) {
	return [...id.matchAll(/\[{1,2}(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]{1,2}/g)].map((m) => m[1]);
}

/** `export const GET`, `export async function POST`, … */
/** @param {string} source */
function exportedMethods(source) {
	const pattern = new RegExp(
		`export\\s+(?:const|let|(?:async\\s+)?function)\\s+(${SERVER_METHODS.join('|')})\\b`,
		'g'
	);
	return [...new Set([...source.matchAll(pattern)].map((m) => m[1]))];
}

/**
 * The keys of `export const actions = { … }`: read with a small scanner that skips strings,
 * comments and nested brackets, so that only the object's own keys count.
 * @param {string} source
 * @returns {string[]}
 */
export function exportedActions(source) {
	const start = /export\s+const\s+actions\b[^=]*=\s*\{/.exec(source);
	if (!start) return [];
	/** @type {string[]} */
	const keys = [];
	let depth = 1;
	let expectKey = true;
	let i = start.index + start[0].length;
	while (i < source.length && depth > 0) {
		const ch = source[i];
		if (ch === '/' && source[i + 1] === '/') {
			i = source.indexOf('\n', i);
			if (i < 0) break;
			continue;
		}
		if (ch === '/' && source[i + 1] === '*') {
			i = source.indexOf('*/', i) + 2;
			continue;
		}
		if (ch === '"' || ch === "'" || ch === '`') {
			const end = skipString(source, i);
			if (depth === 1 && expectKey) {
				keys.push(source.slice(i + 1, end - 1));
				expectKey = false;
			}
			i = end;
			continue;
		}
		if ('{[('.includes(ch)) depth++;
		else if ('}])'.includes(ch)) depth--;
		else if (depth === 1 && ch === ',') expectKey = true;
		else if (depth === 1 && expectKey && /[A-Za-z_$]/.test(ch)) {
			const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(i))?.[0] ?? ch;
			const after = source.slice(i + word.length).trimStart();
			// `async name(…)` and `get`/`set` accessors: the key is the next word
			if (!['async', 'get', 'set'].includes(word) || /^[:(,]/.test(after)) {
				keys.push(word);
				expectKey = false;
			}
			i += word.length;
			continue;
		}
		i++;
	}
	return keys;
}

/** @param {string} source @param {number} i index of the opening quote; returns the index after the closing one */
function skipString(source, i) {
	const quote = source[i];
	for (let j = i + 1; j < source.length; j++) {
		if (source[j] === '\\') j++;
		else if (source[j] === quote) return j + 1;
	}
	return source.length;
}

/**
 * Names of form fields in a Svelte file: the `name="…"` of any element or component (but `<meta>`),
 * and the fixed names inside the components it imports from src/lib (e.g. LanguageField's
 * `locale`). A name with an expression in it keeps its fixed prefix and ends in `*`
 * (`name="q:{question.id}"` → `q:*`); a name that is only an expression is a component's prop
 * and is left out.
 * @param {string} svelte
 * @param {string} [libRoot]
 * @param {Set<string>} [seen] component files already read
 * @returns {string[]}
 */
export function formFields(svelte, libRoot = 'src/lib', seen = new Set()) {
	const names = new Set();
	const tag = /<([A-Za-z][\w.:-]*)\b(?:[^>{]|\{[^}]*\})*?\sname=(?:"([^"]*)"|\{)/g;
	for (const m of svelte.matchAll(tag)) {
		if (m[1] === 'meta' || m[2] === undefined) continue;
		const name = m[2].replace(/\{.*$/, '*');
		if (name && name !== '*') names.add(name);
	}
	for (const m of svelte.matchAll(/from\s+['"]\$lib\/([^'"]+\.svelte)['"]/g)) {
		const path = join(libRoot, m[1]);
		if (seen.has(path) || !existsSync(path)) continue;
		seen.add(path);
		for (const name of formFields(readFileSync(path, 'utf8'), libRoot, seen)) names.add(name);
	}
	return [...names].sort();
}

/**
 * @typedef {object} CourseContent
 * @property {string} slug
 * @property {string} id the course's id from its course.md front matter
 * @property {string[]} lessons lesson slugs in order
 * @property {string[]} exercises writing-exercise slugs in order (`exercises/NN-slug.yaml`)
 */

/**
 * Course, lesson and exercise slugs from the content folders (`NN-slug/`, `NN-slug.md`,
 * `exercises/NN-slug.yaml`).
 * @param {string} [root]
 * @returns {CourseContent[]}
 */
export function courseContent(root = 'courses') {
	const numbered = /^\d{2}-([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md)?$/;
	return readdirSync(root)
		.filter((name) => numbered.test(name) && statSync(join(root, name)).isDirectory())
		.sort()
		.map((folder) => ({
			slug: /** @type {RegExpExecArray} */ (numbered.exec(folder))[1],
			id:
				/^id:\s*(\S+)\s*$/m.exec(readFileSync(join(root, folder, 'course.md'), 'utf8'))?.[1] ?? '',
			lessons: readdirSync(join(root, folder))
				.filter((name) => name.endsWith('.md') && numbered.test(name))
				.sort()
				.map((name) => /** @type {RegExpExecArray} */ (numbered.exec(name))[1]),
			exercises: exerciseSlugs(join(root, folder, 'exercises'))
		}));
}

/** @param {string} dir @returns {string[]} */
function exerciseSlugs(dir) {
	const numbered = /^\d{2}-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$/;
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((name) => numbered.test(name))
		.sort()
		.map((name) => /** @type {RegExpExecArray} */ (numbered.exec(name))[1]);
}

/**
 * The path of a route with its parameters filled in. Values are inserted as given (already
 * encoded), so callers can also put hostile, badly encoded values into a path. Route groups
 * `(name)` do not appear in paths.
 * @param {string} routeId
 * @param {Record<string, string>} values
 */
export function fillRoute(routeId, values) {
	const segments = routeId
		.split('/')
		.filter((segment) => segment && !/^\(.+\)$/.test(segment))
		.map((segment) =>
			segment.replace(/\[{1,2}(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]{1,2}/g, (_, name) => {
				if (!(name in values)) throw new Error(`No value for [${name}] in ${routeId}`);
				return values[name];
			})
		)
		.filter(Boolean);
	return `/${segments.join('/')}`;
}

/**
 * Real values for every parameter the routes use: course and lesson slugs from the content, and
 * the attempts the caller made. A route with a parameter not known here fails loudly, so that a
 * new parameter gets real values in the fuzzer and the matrix.
 * @param {CourseContent[]} content
 * @param {{ attempt?: string[], organisation?: string[], group?: string[], token?: string[], learner?: string[], certificate?: string[], code?: string[], submission?: string[] }} [made]
 * @returns {Record<string, (chosen: Record<string, string>) => string[]>}
 */
export function parameterValues(content, made = {}) {
	return {
		course: () => content.map((c) => c.slug),
		lesson: (chosen) => content.find((c) => c.slug === chosen.course)?.lessons ?? [],
		exercise: (chosen) => content.find((c) => c.slug === chosen.course)?.exercises ?? [],
		attempt: () => made.attempt ?? [],
		organisation: () => made.organisation ?? [],
		group: () => made.group ?? [],
		token: () => made.token ?? [],
		learner: () => made.learner ?? [],
		certificate: () => made.certificate ?? [],
		code: () => made.code ?? [],
		submission: () => made.submission ?? [],
		// Spire's own issuer profile, and the first status list: both always exist.
		issuer: () => ['spire'],
		list: () => ['1']
	};
}

/**
 * Checks that every route parameter has real values, so the caller can fail early with a clear
 * message.
 * @param {Route[]} routes
 * @param {Record<string, unknown>} values
 */
export function unknownParameters(routes, values) {
	return [
		...new Set(
			routes.flatMap((r) => r.params.filter((p) => !(p in values)).map((p) => `${r.id}: [${p}]`))
		)
	];
}
