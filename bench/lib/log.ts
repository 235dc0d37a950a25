/** Benchmark progress goes to stderr; stdout carries only the JSON figures. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
