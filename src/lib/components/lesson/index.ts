export { default as CaseVignette } from './CaseVignette.svelte';
export { default as Reflection } from './Reflection.svelte';
export { default as ModelAnswer } from './ModelAnswer.svelte';
export { default as ForCountry } from './ForCountry.svelte';
export { default as Note } from './Note.svelte';
export { default as Figure } from './Figure.svelte';
export { default as Term } from './Term.svelte';
export { provideCourseFolder } from './figures';
