// Vite's `?raw` imports: a file's text, for the fixture PEMs and the real signed request.
declare module '*?raw' {
  const text: string;
  export default text;
}
