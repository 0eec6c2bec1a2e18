// @ts-check
// Every launcher line carries one prefix so it stands out among the services' own logs.

/** @param {string} message */
export function log(message) {
  console.log(`[diemcau] ${message}`);
}

/** A failure the user can act on: the entry point prints only its message, as one line. */
export class SetupError extends Error {}

/**
 * Entry-point wrapper: a SetupError becomes one line and exit 1; anything else keeps its stack.
 * @param {() => Promise<void>} main
 */
export function runMain(main) {
  main().catch((err) => {
    if (err instanceof SetupError) console.error(`[diemcau] error: ${err.message}`);
    else console.error(err);
    process.exit(1);
  });
}
