// What the harness asks a baseline worker (bench/baselines.ts) to run, and what
// each kind of task answers. The task travels in BENCH_TASK as JSON; the answer
// comes back as the worker's last line of stdout.
import type { RoundStats } from './stats';

interface Timed {
  seconds: number;
}

export interface JwtTask extends Timed {
  kind: 'jwt';
  rounds: number;
  secret: string;
  issuer: string;
  audience: string;
}

export interface BcryptTask extends Timed {
  kind: 'bcrypt';
  concurrency: number;
  cost: number;
  password: string;
}

/** The driver issuing one request's database operations, over the seeded slots. */
export interface DriverTask extends Timed {
  kind: 'mongoRotate' | 'mongoMe';
  concurrency: number;
  uri: string;
  /** JSON file of Slot[]: sessions seeded for the baselines alone. */
  slotsFile: string;
}

export type Task = JwtTask | BcryptTask | DriverTask;

export interface Slot {
  tokenHash: string;
  sessionId: string;
}

export type JwtVerifier = 'jsonwebtokenString' | 'jsonwebtokenKeyObject' | 'joseJwtVerify' | 'jsonwebtokenEs256';
/** ops/s per verifier, one sample per measured round. */
export type JwtSamples = Record<JwtVerifier, number[]>;

export interface TaskResults {
  jwt: JwtSamples;
  bcrypt: RoundStats;
  mongoRotate: RoundStats;
  mongoMe: RoundStats;
}
