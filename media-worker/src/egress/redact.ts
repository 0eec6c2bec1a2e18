// Stream keys kept out of logs: secrets masked in text and in ffmpeg's
// arguments.
const MASK = '***';

/** `text` with every occurrence of each secret replaced by `***`. */
export function redactText(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret containing another is not left half visible.
  const ordered = secrets.filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  return ordered.reduce((result, secret) => result.replaceAll(secret, MASK), text);
}

/** Arguments fit to log: stream keys appear inside URLs, so each argument is redacted as text. */
export function redactArgs(args: readonly string[], secrets: readonly string[]): string[] {
  return args.map((arg) => redactText(arg, secrets));
}
