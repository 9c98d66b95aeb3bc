/**
 * Prints the definitions of a name as `path:line`, one a line, from the daemon of the default data
 * dir ($SYMDEX_DATA_DIR or ~/.local/share/symdex):
 *
 *     node dist/src/example.js parseArgs
 *
 * Exit codes as the CLI's: 0 found, 1 nothing found, 2 a request the daemon refused
 * (INVALID_ARGUMENT) or bad usage, 3 no daemon answers (UNAVAILABLE), 4 any other failure. A gRPC
 * failure is printed to stderr as `error: CODE_NAME: details`.
 */
import { connect, status, type ServiceError } from './index';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write('usage: example NAME\n');
    return 2;
  }
  const symdex = connect();
  try {
    const found = await symdex.findDefinitions(args[0]);
    for (const r of found.results) {
      process.stdout.write(`${r.path}:${r.line}\n`);
    }
    return found.results.length > 0 ? 0 : 1;
  } catch (e) {
    const error = e as ServiceError;
    if (typeof error.code !== 'number') {
      throw e;
    }
    process.stderr.write(`error: ${status[error.code]}: ${error.details}\n`);
    return error.code === status.INVALID_ARGUMENT ? 2 : error.code === status.UNAVAILABLE ? 3 : 4;
  } finally {
    symdex.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${String(e)}\n`);
    process.exitCode = 4;
  },
);
