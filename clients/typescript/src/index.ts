/**
 * A small TypeScript client for a symdex daemon, with the defaults an agent wants (the same as the
 * Java client's, dev.symdex.client.SymdexClient): it finds the daemon from the data dir, puts a
 * deadline on every call, and retries a call that fails UNAVAILABLE (no daemon yet, or one still
 * starting) with bounded exponential backoff for a while before giving up.
 *
 * The service is loaded at run time from the repository's proto
 * (proto/src/main/proto/symdex/v1/symdex.proto) by @grpc/proto-loader; the request and response
 * types come from the same file (`npm run generate`, into generated/, not committed).
 *
 *     const symdex = connect();                 // $SYMDEX_DATA_DIR or ~/.local/share/symdex
 *     const found = await symdex.findDefinitions('parseArgs');
 *     for (const r of found.results) console.log(`${r.path}:${r.line}`);
 *     symdex.close();
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { ProtoGrpcType } from '../generated/symdex';
import type { SymdexServiceClient } from '../generated/symdex/v1/SymdexService';
import type { CalleesRequest } from '../generated/symdex/v1/CalleesRequest';
import type { CalleesResponse__Output } from '../generated/symdex/v1/CalleesResponse';
import type { CallersRequest } from '../generated/symdex/v1/CallersRequest';
import type { CallersResponse__Output } from '../generated/symdex/v1/CallersResponse';
import type { DeltaRequest } from '../generated/symdex/v1/DeltaRequest';
import type { DeltaResponse__Output } from '../generated/symdex/v1/DeltaResponse';
import type { DependentsRequest } from '../generated/symdex/v1/DependentsRequest';
import type { DependentsResponse__Output } from '../generated/symdex/v1/DependentsResponse';
import type { ExploreRequest } from '../generated/symdex/v1/ExploreRequest';
import type { ExploreResponse__Output } from '../generated/symdex/v1/ExploreResponse';
import type { FileOutlineRequest } from '../generated/symdex/v1/FileOutlineRequest';
import type { FileOutlineResponse__Output } from '../generated/symdex/v1/FileOutlineResponse';
import type { FindDefinitionsRequest } from '../generated/symdex/v1/FindDefinitionsRequest';
import type { FindDefinitionsResponse__Output } from '../generated/symdex/v1/FindDefinitionsResponse';
import type { FindReferencesRequest } from '../generated/symdex/v1/FindReferencesRequest';
import type { FindReferencesResponse__Output } from '../generated/symdex/v1/FindReferencesResponse';
import type { ImportsRequest } from '../generated/symdex/v1/ImportsRequest';
import type { ImportsResponse__Output } from '../generated/symdex/v1/ImportsResponse';
import type { ListProjectsRequest } from '../generated/symdex/v1/ListProjectsRequest';
import type { ListProjectsResponse__Output } from '../generated/symdex/v1/ListProjectsResponse';
import type { PlanRequest } from '../generated/symdex/v1/PlanRequest';
import type { PlanResponse__Output } from '../generated/symdex/v1/PlanResponse';
import type { StatusRequest } from '../generated/symdex/v1/StatusRequest';
import type { StatusResponse__Output } from '../generated/symdex/v1/StatusResponse';
import type { SubscribeRequest } from '../generated/symdex/v1/SubscribeRequest';
import type { SubscribeResponse__Output } from '../generated/symdex/v1/SubscribeResponse';
import type { SyncRequest } from '../generated/symdex/v1/SyncRequest';
import type { SyncResponse__Output } from '../generated/symdex/v1/SyncResponse';

export { status } from '@grpc/grpc-js';
export type { ServiceError } from '@grpc/grpc-js';

/** The socket's file name inside a data dir. */
export const SOCKET_NAME = 'symdex.sock';

/** Where the proto is, from dist/src/ of this package in the symdex repository. */
const REPO_PROTO_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'proto', 'src', 'main', 'proto');

/** Must match the flags of `npm run generate` (the generated types assume them). */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The RPCs with one request and one response, and their types. */
export interface UnaryMethods {
  Status: [StatusRequest, StatusResponse__Output];
  FindDefinitions: [FindDefinitionsRequest, FindDefinitionsResponse__Output];
  FindReferences: [FindReferencesRequest, FindReferencesResponse__Output];
  Callers: [CallersRequest, CallersResponse__Output];
  Callees: [CalleesRequest, CalleesResponse__Output];
  Sync: [SyncRequest, SyncResponse__Output];
  Delta: [DeltaRequest, DeltaResponse__Output];
  Dependents: [DependentsRequest, DependentsResponse__Output];
  Imports: [ImportsRequest, ImportsResponse__Output];
  FileOutline: [FileOutlineRequest, FileOutlineResponse__Output];
  ListProjects: [ListProjectsRequest, ListProjectsResponse__Output];
  Explore: [ExploreRequest, ExploreResponse__Output];
  Plan: [PlanRequest, PlanResponse__Output];
}

export interface ConnectOptions {
  /** The daemon of this data dir (default: {@link defaultDataDir}). */
  dataDir?: string;
  /** A gRPC target instead of a data dir: `unix:/abs/path.sock` or `host:port`. */
  target?: string;
  /** Sent as `authorization: Bearer <token>` with every call (default: the token file daemon.json names, if any). */
  token?: string;
  /** Deadline of each call in ms (default 10 000). */
  deadlineMs?: number;
  /** How long calls keep retrying UNAVAILABLE, in ms (default 10 000; 0: never retry). */
  startupWaitMs?: number;
  /** The directory holding symdex/v1/symdex.proto (default: the repository's proto/src/main/proto). */
  protoDir?: string;
}

/** `$SYMDEX_DATA_DIR` if set and not blank, else `~/.local/share/symdex`: where `symdex serve` keeps its data. */
export function defaultDataDir(): string {
  const env = process.env.SYMDEX_DATA_DIR;
  if (env !== undefined && env.trim() !== '') {
    return path.resolve(env);
  }
  return path.join(os.homedir(), '.local', 'share', 'symdex');
}

/** Where the daemon of a data dir listens, and the token file it demands (if any). */
export interface DaemonAddress {
  /** A gRPC target: `unix:/abs/path` or `host:port`. */
  target: string;
  tokenFile?: string;
}

/**
 * Where the daemon of `dataDir` listens: the address its `daemon.json` names when that file names a
 * live process (a daemon started with `--listen`), with its token file; else the data dir's
 * `symdex.sock` (the default address, also where a daemon that is still starting will listen).
 */
export function daemonAddress(dataDir: string): DaemonAddress {
  const socket: DaemonAddress = { target: 'unix:' + path.resolve(dataDir, SOCKET_NAME) };
  let info: unknown;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dataDir, 'daemon.json'), 'utf8'));
  } catch {
    return socket; // absent, unreadable or half-written: as good as no file
  }
  if (typeof info !== 'object' || info === null) {
    return socket;
  }
  const { pid, address, token_file: tokenFile } = info as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof address !== 'string' || !isAlive(pid)) {
    return socket;
  }
  const tokenPart = typeof tokenFile === 'string' ? { tokenFile } : {};
  if (address.startsWith('unix:')) {
    return { target: address, ...tokenPart };
  }
  if (address.startsWith('tcp:')) {
    return { target: address.slice('tcp:'.length), ...tokenPart };
  }
  return socket;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readToken(file: string): string {
  const token = fs.readFileSync(file, 'utf8').split('\n', 1)[0].trim();
  if (token === '') {
    throw new Error(`the token file ${file} is empty`);
  }
  return token;
}

/**
 * Connects to a symdex daemon (lazily: nothing is connected until the first call). Contract: every
 * call made through the typed methods and {@link SymdexClient.call} carries the deadline
 * (`deadlineMs`, 10 s); a call failing with UNAVAILABLE is repeated, waiting 50 ms, then twice as
 * long each time up to 1 s, until `startupWaitMs` (10 s) has passed since the first attempt, then
 * its error is thrown. Every RPC the daemon serves is read-only or idempotent, so repeating one is
 * safe. Other failures reject at once with a {@link grpc.ServiceError} whose `code` is the gRPC
 * status (`status.INVALID_ARGUMENT` for a bad request, ...).
 */
export function connect(options: ConnectOptions = {}): SymdexClient {
  let target = options.target;
  let token = options.token;
  if (target === undefined) {
    const found = daemonAddress(options.dataDir ?? defaultDataDir());
    target = found.target;
    if (token === undefined && found.tokenFile !== undefined) {
      token = readToken(found.tokenFile);
    }
  }
  const deadlineMs = options.deadlineMs ?? 10_000;
  const startupWaitMs = options.startupWaitMs ?? 10_000;
  if (!(deadlineMs > 0)) {
    throw new RangeError('deadlineMs must be positive');
  }
  if (!(startupWaitMs >= 0)) {
    throw new RangeError('startupWaitMs must not be negative');
  }
  if (token !== undefined && (token.trim() === '' || token.trim() !== token)) {
    throw new RangeError('the token must not be blank or padded');
  }
  const definition = protoLoader.loadSync('symdex/v1/symdex.proto', {
    ...LOADER_OPTIONS,
    includeDirs: [options.protoDir ?? REPO_PROTO_DIR],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  const stub = new loaded.symdex.v1.SymdexService(target, grpc.credentials.createInsecure(), {
    // The channel's own reconnect backoff follows ours (it defaults to 1 s growing to 2 min).
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 1_000,
  });
  return new SymdexClient(stub, target, token, deadlineMs, startupWaitMs);
}

type UnaryFn = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

/** A connected client; see {@link connect}. Close it to release the channel. */
export class SymdexClient {
  constructor(
    /** The generated stub, for anything the typed methods do not cover (calls on it are not retried). */
    readonly stub: SymdexServiceClient,
    /** The gRPC target this client talks to. */
    readonly target: string,
    private readonly token: string | undefined,
    private readonly deadlineMs: number,
    private readonly startupWaitMs: number,
  ) {}

  /** Metadata for each call: the bearer token, when there is one. */
  metadata(): grpc.Metadata {
    const m = new grpc.Metadata();
    if (this.token !== undefined) {
      m.set('authorization', `Bearer ${this.token}`);
    }
    return m;
  }

  /** One unary RPC by its proto name, with the deadline and the UNAVAILABLE retries of {@link connect}. */
  async call<M extends keyof UnaryMethods>(method: M, request: UnaryMethods[M][0]): Promise<UnaryMethods[M][1]> {
    const fn = (this.stub as unknown as Record<string, UnaryFn>)[method].bind(this.stub);
    const start = Date.now();
    let backoff = 50;
    for (;;) {
      try {
        return await new Promise<UnaryMethods[M][1]>((resolve, reject) => {
          fn(request, this.metadata(), { deadline: Date.now() + this.deadlineMs }, (error, response) =>
            error ? reject(error) : resolve(response as UnaryMethods[M][1]),
          );
        });
      } catch (e) {
        const waited = Date.now() - start;
        if ((e as grpc.ServiceError).code !== grpc.status.UNAVAILABLE || waited + backoff > this.startupWaitMs) {
          throw e;
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 1_000);
      }
    }
  }

  status(request: StatusRequest = {}): Promise<StatusResponse__Output> {
    return this.call('Status', request);
  }

  /** Definitions of a name (exact, at most 100), or of a full request. */
  findDefinitions(nameOrRequest: string | FindDefinitionsRequest): Promise<FindDefinitionsResponse__Output> {
    return this.call('FindDefinitions', byName(nameOrRequest));
  }

  /** Uses of a name (exact, at most 100), or of a full request. */
  findReferences(nameOrRequest: string | FindReferencesRequest): Promise<FindReferencesResponse__Output> {
    return this.call('FindReferences', byName(nameOrRequest));
  }

  /** Call sites of a name, each with its calling definition. */
  callers(nameOrRequest: string | CallersRequest): Promise<CallersResponse__Output> {
    return this.call('Callers', byName(nameOrRequest));
  }

  /** Calls made inside the definitions of a name. */
  callees(nameOrRequest: string | CalleesRequest): Promise<CalleesResponse__Output> {
    return this.call('Callees', byName(nameOrRequest));
  }

  /** Resolves once every file change made before the call is indexed (read-your-writes). */
  sync(request: SyncRequest = {}): Promise<SyncResponse__Output> {
    return this.call('Sync', request);
  }

  /** What changed since a git revision, uncommitted edits included. */
  delta(sinceOrRequest: string | DeltaRequest): Promise<DeltaResponse__Output> {
    return this.call('Delta', typeof sinceOrRequest === 'string' ? { since: sinceOrRequest } : sinceOrRequest);
  }

  /** Files that import a file, directly or not. */
  dependents(pathOrRequest: string | DependentsRequest): Promise<DependentsResponse__Output> {
    return this.call('Dependents', byPath(pathOrRequest));
  }

  /** The imports of a file, each resolved. */
  imports(pathOrRequest: string | ImportsRequest): Promise<ImportsResponse__Output> {
    return this.call('Imports', byPath(pathOrRequest));
  }

  /** The definitions of a file, in source order. */
  fileOutline(pathOrRequest: string | FileOutlineRequest): Promise<FileOutlineResponse__Output> {
    return this.call('FileOutline', byPath(pathOrRequest));
  }

  listProjects(): Promise<ListProjectsResponse__Output> {
    return this.call('ListProjects', {});
  }

  /** A map of the project, in layers. */
  explore(request: ExploreRequest = {}): Promise<ExploreResponse__Output> {
    return this.call('Explore', request);
  }

  /** The files and definitions that matter to a task, the best packed into the request's token budget. */
  plan(request: PlanRequest): Promise<PlanResponse__Output> {
    return this.call('Plan', request);
  }

  /** Each index generation's changes as they happen, with no deadline and no retries: cancel() when done. */
  subscribe(request: SubscribeRequest = {}): grpc.ClientReadableStream<SubscribeResponse__Output> {
    return this.stub.Subscribe(request, this.metadata());
  }

  /** Closes the channel; calls in flight fail with CANCELLED. */
  close(): void {
    this.stub.close();
  }
}

function byName<T extends { name?: string }>(nameOrRequest: string | T): T | { name: string } {
  return typeof nameOrRequest === 'string' ? { name: nameOrRequest } : nameOrRequest;
}

function byPath<T extends { path?: string }>(pathOrRequest: string | T): T | { path: string } {
  return typeof pathOrRequest === 'string' ? { path: pathOrRequest } : pathOrRequest;
}
