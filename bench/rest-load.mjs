// REST intake load generator: POSTs Personenstandsurkunde applications to a running `amtsweg serve`
// over keep-alive connections on loopback and prints one JSON line: requests/s, p50/p99, status
// counts, and the writer's commands per commit over the run (from GET /metrics).
//
//   node bench/rest-load.mjs --url http://127.0.0.1:PORT --token T --metrics-token O
//        [--connections 32] [--seconds 10] [--rate R]
//
// Without --rate it is closed loop: each connection sends its next request when the last one is
// answered. With --rate R it is open loop: R requests per second in total are scheduled at fixed
// times and each one's latency counts from its scheduled time (no coordinated omission); a
// request whose connections are all busy waits for one.
import http from 'node:http';

function options() {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const index = args.indexOf('--' + name);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const url = new URL(get('url', 'http://127.0.0.1:8080'));
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.hostname !== '::1')
    throw new Error('rest-load: loopback addresses only');
  return {
    url,
    token: get('token', ''),
    metricsToken: get('metrics-token', ''),
    connections: Number(get('connections', 32)),
    seconds: Number(get('seconds', 10)),
    rate: Number(get('rate', 0)),
    process: get('process', 'personenstandsurkunde'),
  };
}

function application(i) {
  const name = `Antragsteller ${i}`;
  return JSON.stringify({
    applicant: { name, email: `person${i}@example.org` },
    certificate: 'birth',
    register_entry: { number: `G ${1 + (i % 9999)}/1985`, person: name },
    copies: 1,
    purpose: 'general',
    relation: 'self',
    delivery: 'digital',
  });
}

function request(agent, opts, method, path, token, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: opts.url.hostname, port: opts.url.port, method, path,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => { text += chunk; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function writerCounters(opts) {
  const agent = new http.Agent({ keepAlive: false });
  const { text } = await request(agent, opts, 'GET', '/metrics', opts.metricsToken);
  const value = (name) => Number((text.match(new RegExp(`^${name} (\\S+)$`, 'm')) || [0, 0])[1]);
  return { groups: value('amtsweg_writer_groups_total'), commands: value('amtsweg_writer_commands_total') };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const opts = options();
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const path = `/api/v1/processes/${opts.process}/cases`;
  const latencies = [];
  const statuses = {};
  let next = 0;
  const send = async (scheduled) => {
    const i = next++;
    try {
      const { status } = await request(agent, opts, 'POST', path, opts.token, application(i));
      statuses[status] = (statuses[status] || 0) + 1;
    } catch (error) {
      statuses.error = (statuses.error || 0) + 1;
    }
    latencies.push(performance.now() - scheduled);
  };

  const before = await writerCounters(opts);
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  if (opts.rate > 0) {
    // Open loop: the agent queues requests beyond maxSockets until a connection is free.
    const interval = 1000 / opts.rate;
    const pending = [];
    for (let k = 0; started + k * interval < end; ++k) {
      const at = started + k * interval;
      const wait = at - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(send(at));
    }
    await Promise.all(pending);
  } else {
    const loop = async () => {
      while (performance.now() < end) await send(performance.now());
    };
    await Promise.all(Array.from({ length: opts.connections }, loop));
  }
  const elapsed = (performance.now() - started) / 1000;
  const after = await writerCounters(opts);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const commits = after.groups - before.groups;
  console.log(JSON.stringify({
    connections: opts.connections,
    rate: opts.rate || 'closed-loop',
    requests: latencies.length,
    requests_per_s: Math.round(latencies.length / elapsed),
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    statuses,
    commands_per_commit: commits > 0 ? Number(((after.commands - before.commands) / commits).toFixed(1)) : 0,
    load_average: (await import('node:os')).loadavg()[0].toFixed(1),
  }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
