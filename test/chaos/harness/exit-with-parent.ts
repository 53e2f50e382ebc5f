// Preloaded into every hub process the harness starts (`node --import tsx --import <this>`): the
// harness holds the other end of the hub's stdin, so when the harness ends — however it ends, a
// test runner's timeout included — stdin closes and the hub stops as on Ctrl-C, Java with it.
// It changes nothing else: the hub never reads its stdin.
process.stdin.on('end', () => process.kill(process.pid, 'SIGINT'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGINT'));
process.stdin.resume();
