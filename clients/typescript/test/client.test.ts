/**
 * The client against a real daemon, run by tests/clients.sh (`node --test dist/test/`):
 * $SYMDEX_DATA_DIR is the data dir of a daemon serving a tree whose A.java defines `bar` on line 4,
 * already indexed.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { connect, daemonAddress, status, type ServiceError } from '../src/index';

const dataDir = process.env.SYMDEX_DATA_DIR as string;
let empty: string;

beforeEach(() => {
  empty = fs.mkdtempSync(path.join(os.tmpdir(), 'symdex-ts-'));
});
afterEach(() => {
  fs.rmSync(empty, { recursive: true, force: true });
});

function daemonJson(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'daemon.json'), 'utf8'));
}

function writeDaemonJson(info: Record<string, unknown>): void {
  fs.writeFileSync(path.join(empty, 'daemon.json'), JSON.stringify(info));
}

async function failure(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (e) {
    return e as ServiceError;
  }
  throw new assert.AssertionError({ message: 'the call succeeded' });
}

test('connect finds the daemon of the data dir and answers with path and line', async () => {
  const symdex = connect();
  try {
    assert.equal(symdex.target, 'unix:' + path.join(dataDir, 'symdex.sock'));
    const found = await symdex.findDefinitions('bar');
    assert.deepEqual(
      found.results.map((r) => [r.path, r.line, r.kind, r.container]),
      [['A.java', 4, 'method', 'Foo']],
    );
    assert.equal(found.head.length, 40);
    assert.ok(found.generation > 0);
  } finally {
    symdex.close();
  }
});

test('request fields pass through', async () => {
  const symdex = connect();
  try {
    const prefixed = await symdex.findDefinitions({ name: 'ba', match: 'MATCH_MODE_PREFIX' });
    assert.deepEqual(prefixed.results.map((r) => r.name), ['bar']);
    const otherLanguage = await symdex.findDefinitions({ name: 'bar', languages: ['python'] });
    assert.deepEqual(otherLanguage.results, []);
  } finally {
    symdex.close();
  }
});

test('a bad request is INVALID_ARGUMENT at once', async () => {
  const symdex = connect();
  try {
    assert.equal((await failure(symdex.findDefinitions(''))).code, status.INVALID_ARGUMENT);
  } finally {
    symdex.close();
  }
});

test('every call carries the deadline', async () => {
  // A socket that accepts and never speaks: only the deadline can end the call.
  const socketPath = path.join(empty, 'silent.sock');
  const accepted: net.Socket[] = [];
  const silent = net.createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
  const symdex = connect({ target: 'unix:' + socketPath, deadlineMs: 300 });
  try {
    assert.equal((await failure(symdex.status())).code, status.DEADLINE_EXCEEDED);
  } finally {
    symdex.close();
    accepted.forEach((socket) => socket.destroy());
    silent.close();
  }
});

test('no daemon is UNAVAILABLE after the startup wait', async () => {
  const start = Date.now();
  const symdex = connect({ dataDir: empty, startupWaitMs: 500 });
  try {
    assert.equal((await failure(symdex.status())).code, status.UNAVAILABLE);
    // Retried with waits of 50 + 100 + 200 ms before giving up (the next, 400 ms, would pass 500 ms).
    assert.ok(Date.now() - start >= 350, `gave up after ${Date.now() - start} ms`);
  } finally {
    symdex.close();
  }
});

test("daemon.json of a live daemon names its address", async () => {
  const info = daemonJson();
  writeDaemonJson(info); // a data dir with no socket, whose daemon.json names the real daemon
  const symdex = connect({ dataDir: empty });
  try {
    assert.equal(symdex.target, info.address);
    assert.deepEqual((await symdex.findDefinitions('bar')).results.map((r) => r.path), ['A.java']);
  } finally {
    symdex.close();
  }
});

test('daemon.json of a dead process is ignored', () => {
  const gone = spawnSync('true');
  writeDaemonJson({ ...daemonJson(), pid: gone.pid });
  assert.deepEqual(daemonAddress(empty), { target: 'unix:' + path.join(empty, 'symdex.sock') });
});

test("daemon.json's token file is sent", () => {
  const tokenFile = path.join(empty, 'token');
  fs.writeFileSync(tokenFile, 's3cret\n');
  writeDaemonJson({ pid: process.pid, address: 'tcp:127.0.0.1:1', token_file: tokenFile });
  assert.deepEqual(daemonAddress(empty), { target: '127.0.0.1:1', tokenFile });
  const symdex = connect({ dataDir: empty });
  try {
    assert.deepEqual(symdex.metadata().get('authorization'), ['Bearer s3cret']);
  } finally {
    symdex.close();
  }
});
