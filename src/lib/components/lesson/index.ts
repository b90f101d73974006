export { default as CaseVignette } from './CaseVignette.svelte';
export { default as Reflection } from './Reflection.svelte';
export { default as Note } from './Note.svelte';
