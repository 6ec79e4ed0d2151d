'use strict';
// The independent verifier for the differential test (tests/conformance/test_differential_mailauth.py).
// Reads {"server": "127.0.0.1:PORT", "cases": [{id, message (base64), ip, sender, helo}]} on stdin and writes
// one JSON object per case: mailauth's DKIM results (in signature order), ARC status and SPF result. All DNS
// goes to the loopback server the Python side serves the same zone from; nothing else is asked.
// mailauth prints debug lines with console.log; stdout carries only the JSON answer.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');
const { authenticate } = require('mailauth');
const { Resolver } = require('node:dns').promises;

async function main() {
    let input = '';
    for await (const chunk of process.stdin) {
        input += chunk;
    }
    const job = JSON.parse(input);
    const dns = new Resolver({ timeout: 1000, tries: 1 });
    dns.setServers([job.server]);
    const resolver = (name, rrtype) => dns.resolve(name, rrtype);
    const out = [];
    for (const c of job.cases) {
        const message = Buffer.from(c.message, 'base64');
        try {
            const res = await authenticate(message, {
                resolver,
                ip: c.ip,
                sender: c.sender,
                helo: c.helo,
                mta: 'mx.receiver.test',
                disableDmarc: true,
                disableBimi: true
            });
            out.push({
                id: c.id,
                dkim: (res.dkim.results || [])
                    .filter(r => r.signingDomain)
                    .map(r => ({
                        domain: r.signingDomain,
                        selector: r.selector,
                        result: r.status.result,
                        comment: r.status.comment || ''
                    })),
                arc: res.arc ? { result: res.arc.status.result, comment: res.arc.status.comment || '' } : null,
                spf: res.spf ? { result: res.spf.status.result, domain: res.spf.domain || '' } : null
            });
        } catch (err) {
            out.push({ id: c.id, error: String(err && err.message ? err.message : err) });
        }
    }
    process.stdout.write(JSON.stringify(out));
}

main().catch(err => {
    process.stderr.write(String(err && err.stack ? err.stack : err));
    process.exit(1);
});
