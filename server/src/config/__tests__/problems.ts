import { ConfigError, loadConfig } from '../index';
import type { Env } from '../reader';

/** What loadConfig reports for `env`: one line per problem, each naming its variable; none when it starts. */
export function problems(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
