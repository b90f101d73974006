/**
 * `redirectTo` values an attacker could put in a login link. Shared by the unit test of
 * `safeRedirectTarget` and the browser test of the login form.
 */
export const HOSTILE_TARGETS = [
	// other origins and protocol-relative URLs
	'https://evil.example/',
	'http://evil.example',
	'//evil.example',
	'///evil.example',
	'////evil.example/',
	// dot segments that collapse into `//host`
	'/.//evil.example',
	'/..//evil.example',
	'/./..//evil.example',
	'/../..//evil.example/path',
	'/a/..//evil.example',
	'/a/b/../..//evil.example',
	'/.//./evil.example',
	// percent-encoded dots and slashes
	'/%2e//evil.example',
	'/%2e%2e//evil.example',
	'/%2e%2e/%2e%2e//evil.example',
	'/%2E%2E/%2E%2E//evil.example',
	'/.%2e//evil.example',
	'/%2e./%2e.//evil.example',
	'/%2F/evil.example/',
	'/%2f%2fevil.example',
	'/%5c%5cevil.example',
	'/%2e%2e%2f%2fevil.example',
	// backslashes, which browsers read as slashes
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'/./\\evil.example',
	'/..\\evil.example',
	// tabs, newlines and other control characters, which browsers strip
	'/\t/evil.example/',
	'/\n/evil.example/',
	'/\r\n/evil.example',
	'/\t\\evil.example/',
	'/\u0000/evil.example',
	'/\u007f/evil.example',
	'/.\t/.//evil.example',
	// scripts and schemes without slashes
	'javascript:alert(1)',
	'JavaScript:alert(document.cookie)',
	' javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'vbscript:msgbox(1)',
	'http:evil.example',
	'https:evil.example',
	'mailto:someone@evil.example',
	// relative paths and odd starts
	'evil.example',
	'.//evil.example',
	'@evil.example',
	' /me'
];
