// A progress line on stderr: which step, i/N, elapsed, and time left, estimated
// from each step's planned seconds scaled by how fast the run has gone so far.
const clock = (s: number) => {
  const sec = Math.max(0, Math.round(s));
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
};

export interface PlannedStep {
  label?: string;
  seconds: number;
}

export type Progress = ReturnType<typeof createProgress>;

export function createProgress(plan: readonly PlannedStep[]) {
  const started = Date.now();
  const total = plan.reduce((sum, step) => sum + step.seconds, 0);
  let index = 0;
  let plannedDone = 0;
  return {
    total: plan.length,
    /** Marks the start of the next planned step. */
    step(label: string) {
      const elapsed = (Date.now() - started) / 1000;
      const pace = plannedDone > 0 ? elapsed / plannedDone : 1;
      const left = (total - plannedDone) * pace;
      index++;
      process.stderr.write(
        `[${String(index).padStart(String(plan.length).length)}/${plan.length}] ${label.padEnd(44)} ` +
          `elapsed ${clock(elapsed)}  ~${clock(left)} left\n`,
      );
      plannedDone += plan[index - 1]?.seconds ?? 0;
    },
    note(message: string) {
      process.stderr.write(`      ${message}\n`);
    },
    elapsed: () => (Date.now() - started) / 1000,
  };
}
