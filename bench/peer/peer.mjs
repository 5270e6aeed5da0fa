// The peer: the same four-step Personenstandsurkunde (intake, payment event, preparation,
// four-eyes release) on bpmn-engine 25, each case's state kept in SQLite by better-sqlite3 12
// (WAL, synchronous=FULL set explicitly): load the state, recover, resume, signal, save, commit.
//   node bench/peer/peer.mjs [--cases N] [--callers C] [--db DIR]
// Prints a human line and `RESULT {...}` like build/amtsweg_bench.
import Database from 'better-sqlite3';
import { Engine } from 'bpmn-engine';
import { mkdirSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const source = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="urkunde">
  <process id="personenstandsurkunde" isExecutable="true">
    <startEvent id="received" />
    <receiveTask id="awaiting_payment" />
    <userTask id="prepare" />
    <userTask id="release" />
    <endEvent id="issued" />
    <sequenceFlow id="f1" sourceRef="received" targetRef="awaiting_payment" />
    <sequenceFlow id="f2" sourceRef="awaiting_payment" targetRef="prepare" />
    <sequenceFlow id="f3" sourceRef="prepare" targetRef="release" />
    <sequenceFlow id="f4" sourceRef="release" targetRef="issued" />
  </process>
</definitions>`;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const cases = Number(option('cases', 2000));
const callers = Number(option('callers', 16));
const dir = option('db', 'bench-data-peer');

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const db = new Database(`${dir}/peer.db`);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE cases (id TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL, status TEXT NOT NULL,
                             updated_at INTEGER NOT NULL);
         CREATE TABLE history (case_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,
                               step TEXT NOT NULL, PRIMARY KEY (case_id, seq)) WITHOUT ROWID;`);
const insertCase = db.prepare('INSERT INTO cases VALUES (?, ?, ?, ?, ?)');
const updateCase = db.prepare('UPDATE cases SET state = ?, status = ?, updated_at = ? WHERE id = ?');
const selectCase = db.prepare('SELECT state FROM cases WHERE id = ?');
const appendHistory = db.prepare('INSERT INTO history VALUES (?, ?, ?, ?, ?)');
// One transaction per command: better-sqlite3 is synchronous, there is no group commit.
const save = db.transaction((id, seq, actor, step, state, status, data) => {
  if (data) insertCase.run(id, state, data, status, Date.now());
  else updateCase.run(state, status, Date.now(), id);
  appendHistory.run(id, seq, Date.now(), actor, step);
});

async function persist(engine, id, seq, actor, step, data) {
  const state = JSON.stringify(await engine.getState());
  save(id, seq, actor, step, state, engine.state, data);
  engine.stop();
}

async function intake(i) {
  const id = `C-${i}`;
  const application = { name: `Antragsteller ${i}`, certificate: 'birth', copies: 1, purpose: 'general', fee: 12.0 };
  const engine = new Engine({ name: id, source });
  await engine.execute({ variables: application });
  await persist(engine, id, 1, 'portal', 'intake', JSON.stringify(application));
}

// Recovers the case, resumes it and signals the waiting activity.
async function signal(id, seq, activity, actor, payload) {
  const engine = new Engine().recover(JSON.parse(selectCase.get(id).state));
  const execution = await engine.resume();
  execution.signal({ id: activity, ...payload });
  await persist(engine, id, seq, actor, activity);
  return engine;
}

const latencies = [];
async function timed(work) {
  const at = performance.now();
  const result = await work();
  latencies.push(performance.now() - at);
  return result;
}

async function runCase(i) {
  const id = `C-${i}`;
  await timed(() => intake(i));
  await timed(() => signal(id, 2, 'awaiting_payment', 'payments', { amount: 12.0 }));
  await timed(() => signal(id, 3, 'prepare', 'anna.schmidt', { decision: 'issue' }));
  const last = await timed(() => signal(id, 4, 'release', 'ben.keller', { decision: 'issue' }));
  if (last.state !== 'idle' && last.state !== 'stopped') throw new Error(`case ${id} ended ${last.state}`);
}

const start = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: callers }, async () => {
    for (let i = next++; i < cases; i = next++) await runCase(i);
  }),
);
const seconds = (performance.now() - start) / 1000;
const done = db.prepare("SELECT COUNT(*) AS n FROM history WHERE step = 'release'").get().n;
if (done !== cases) throw new Error(`${done} of ${cases} cases released`);
latencies.sort((a, b) => a - b);
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const commands = 4 * cases;
console.log(
  `peer bpmn-engine + better-sqlite3, ${callers} callers: ${cases} cases in ${seconds.toFixed(2)} s: ` +
    `${(cases / seconds).toFixed(0)} cases/s, ${(commands / seconds).toFixed(0)} commands/s, ` +
    `p50 ${quantile(0.5).toFixed(2)} ms, p99 ${quantile(0.99).toFixed(2)} ms per command`,
);
console.log(
  'RESULT ' +
    JSON.stringify({
      workload: 'peer', callers, cases, seconds, cases_per_s: cases / seconds, commands_per_s: commands / seconds,
      commands_per_commit: 1, p50_ms: quantile(0.5), p99_ms: quantile(0.99),
    }),
);
db.close();
rmSync(dir, { recursive: true, force: true });
