import process from 'node:process';

// Preloaded by bench/services.bench.ts into each CLI process it times (`node --import`): the process reports its
// own CPU time (user + system) on stderr as it exits, which the parent cannot read for a child.
process.on('exit', () => {
  const c = process.cpuUsage();
  process.stderr.write(`\nK8S_LINT_BENCH_CPU_MS ${((c.user + c.system) / 1000).toFixed(1)}\n`);
});
