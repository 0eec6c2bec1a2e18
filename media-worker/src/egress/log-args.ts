// The log options every egress ffmpeg runs with: warnings and errors only,
// each line prefixed with its level.
/**
 * Every egress ffmpeg logs warnings and errors only, each line prefixed with
 * its level (`[warning]`, `[error]`) so the worker can log it at that level.
 */
export const LOG_ARGS: readonly string[] = ['-hide_banner', '-nostats', '-loglevel', 'level+warning'];
