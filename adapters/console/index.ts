// The console adapter's public face: the local chat and the plain-text renderer.
export { runConsole } from './console.ts';
export { renderText } from './render.ts';
