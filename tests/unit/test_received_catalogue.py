"""Every field of ../shared/received/received-examples.txt parses; most have hand-written expectations.

The expected IP, host names and UTC timestamp of each entry were written by reading the catalogue lines
(offsets converted by hand: 10:36:08 +0200 is 08:36:08Z), not by copying the parser's output.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from inspector.chain.dates import iso_utc
from inspector.chain.received import ParsedHop, parse_received
from tests.conftest import SHARED

CATALOGUE = SHARED / "received" / "received-examples.txt"


def _blocks() -> list[tuple[str, str]]:
    """(mta label, field value) per block; broken folding (lines without indentation) stays part of the field."""
    text = CATALOGUE.read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        body = [ln for ln in lines if not ln.startswith("#")]
        if not body or not body[0].startswith("Received:"):
            continue
        mta = next((ln[7:] for ln in lines if ln.startswith("# mta:")), "")
        out.append((mta, "\n".join(body)[len("Received:") :]))
    return out


BLOCKS = _blocks()


def _find(needle: str) -> ParsedHop:
    hits = [v for _, v in BLOCKS if needle in v]
    assert len(hits) == 1, f"{needle!r} matches {len(hits)} catalogue fields"
    return parse_received(hits[0])


def test_catalogue_has_149_fields_and_all_parse() -> None:
    assert len(BLOCKS) == 149
    for mta, value in BLOCKS:
        hop = parse_received(value)
        assert hop.raw == value, mta
        assert hop.kind, mta


@dataclass(frozen=True)
class E:
    """Expected: a unique needle, the connecting IP, the by-host and the UTC time (None = absent)."""

    needle: str
    ip: str | None
    by: str | None
    ts: str | None
    helo: str | None = "-"
    rdns: str | None = "-"


EXPECT = [
    E(
        "server.chat-met-vreemden.nl (unknown [IPv6:2a01",
        "2a01:7c8:aab6:26d:5054:ff:fed1:1da2",
        "mx1.freebsd.org",
        "2015-07-06T09:01:20Z",
        "server.chat-met-vreemden.nl",
        None,
    ),
    E(
        "ca-18-193-131.service.infuturo.it",
        "151.18.193.131",
        "server.chat-met-vreemden.nl",
        "2015-07-06T08:36:08Z",
        "User",
        "ca-18-193-131.service.infuturo.it",
    ),
    E("apparently", None, None, None),
    E("from mail.ietf.org ([4.31.198.44])", "4.31.198.44", "localhost", "2019-05-07T21:01:04Z", "mail.ietf.org"),
    E(
        "Let's Encrypt Authority X3",
        "96.47.72.80",
        "mx2.freebsd.org",
        "2020-09-07T15:43:40Z",
        "mx1.freebsd.org",
        "mx1.freebsd.org",
    ),
    E(
        "4BlXcr04ftz4JVG",
        "2610:1c1:1:606c::50:13",
        "mx1.freebsd.org",
        "2020-09-07T15:43:40Z",
        "mailman.nyi.freebsd.org",
        "mailman.nyi.freebsd.org",
    ),
    E(
        "4BlXcl5FF6z4JJ6",
        "2a01:111:f400:fe0d::804",
        "mx1.freebsd.org",
        "2020-09-07T15:43:35Z",
        "EUR04-HE1-obe.outbound.protection.outlook.com",
        "mail-he1eur04olkn0804.outbound.protection.outlook.com",
    ),
    E(
        "HE1EUR04HT035.eop-eur04.prod.protection.outlook.com (2a01",
        "2a01:111:e400:7e0d::49",
        "HE1EUR04HT035.eop-eur04.prod.protection.outlook.com",
        "2020-09-07T15:43:33Z",
        "HE1EUR04FT049.eop-eur04.prod.protection.outlook.com",
        None,
    ),
    E(
        "by HE1EUR04FT049.mail.protection.outlook.com",
        "2a01:111:e400:7e0d::4c",
        "HE1EUR04FT049.mail.protection.outlook.com",
        "2020-09-07T15:43:33Z",
    ),
    E(
        "[fe80::1de8:374c:90f8:62f3%4]",
        "fe80::1de8:374c:90f8:62f3",
        "LNXP265MB1258.GBRP265.PROD.OUTLOOK.COM",
        "2020-09-07T15:43:33Z",
    ),
    E(
        "v11si2241830edr",
        "40.92.74.29",
        "mx.google.com",
        "2020-09-25T17:19:07Z",
        "EUR04-DB3-obe.outbound.protection.outlook.com",
        "mail-oln040092074029.outbound.protection.outlook.com",
    ),
    E("r196csp1333505lff", None, "2002:a19:c1cd:0:0:0:0:0", "2020-09-25T17:19:08Z"),
    E(
        "by27si18939218edb",
        "188.166.95.178",
        "mx.google.com",
        "2020-12-28T15:07:19Z",
        "mail.python.org",
        "mail.python.org",
    ),
    E(
        "4D4LWC07XmzpFYf",
        "127.0.0.1",
        "mail.python.org",
        "2020-12-28T15:07:19Z",
        "mail.python.org",
        "mail1.ams1.psf.io",
    ),
    E("4D1nTl11NLzpFQk", "127.0.0.1", "mail.python.org", "2020-12-24T11:12:11Z"),
    E(
        "(HELO mail.python.org) (127.0.0.1)",
        "127.0.0.1",
        "mail.python.org",
        "2020-12-24T11:12:11Z",
        "mail.python.org",
        "mail1.ams1.psf.io",
    ),
    E(
        "[IPv6:2a00:1450:4864:20::62d]",
        "2a00:1450:4864:20::62d",
        "mail.python.org",
        "2020-12-24T11:12:10Z",
        "mail-ej1-x62d.google.com",
        "mail-ej1-x62d.google.com",
    ),
    E("w1so2888903ejf.11", None, "mail-ej1-x62d.google.com", "2020-12-24T11:12:10Z"),
    E("a27-10.smtp-out.us-west-2.amazonses.com (", "54.240.27.10", "mail.redacted.nil", "2020-12-03T18:07:47Z"),
    E("computer_3436", "43.230.105.145", "omf06.b.hostedemail.com", "2016-08-22T14:22:52Z", "computer_3436", None),
    E(
        "10.5.19.248.rfc1918.com",
        "10.5.19.248",
        "smtprelay06.b.hostedemail.com",
        "2016-08-22T14:22:58Z",
        "filter.hostedemail.com",
        "10.5.19.248.rfc1918.com",
    ),
    E("with HTTPS id 12345", "2603:10b6:207:3d::31", "BL0PR06MB4465.namprd06.prod.outlook.com", "2018-10-01T09:49:22Z"),
    E(
        "CY4PR0601CA0051.outlook.office365.com",
        "2a01:111:f400:7e49::205",
        "CY4PR0601CA0051.outlook.office365.com",
        "2018-10-01T09:49:21Z",
    ),
    E("qmail 11769 invoked from network", None, None, "2016-08-22T14:23:01Z"),
    E(
        "smtprelay0207.b.hostedemail.com",
        "64.98.42.207",
        "smtp.server.net",
        "2016-08-22T14:23:01Z",
        "smtprelay.b.hostedemail.com",
        "smtprelay0207.b.hostedemail.com",
    ),
    E("(HELO ) (185.137.84.106)", "185.137.84.106", "smtp.customers.net", "2016-05-24T12:30:11Z", None, None),
    E("captivatedm41@tin.it", "129.212.207.5", None, "2016-05-24T12:09:41Z", "idmktqmly.wpncbwhfbr.tin.it"),
    E("from 139.88.66.159 by ;", "139.88.66.159", None, "2017-03-19T23:11:54Z"),
    E("e06smtp10.uk.ibm.com with IBM", None, "e06smtp10.uk.ibm.com", "2017-03-08T16:46:25Z"),
    E("d50lp03.ny.us.ibm.com", "192.155.248.67", "d50lp03.ny.us.ibm.com", "2017-03-08T16:46:17Z"),
    E(
        "pps.filterd",
        "127.0.0.1",
        "mx0b-001b2d01.pphosted.com",
        "2017-03-08T16:46:30Z",
        "pps.filterd",
        "m0098419.ppops.net",
    ),
    E("292hw54kbu-1", "195.75.94.106", "mx0b-001b2d01.pphosted.com", "2017-03-08T16:46:27Z"),
    E("2017030816455096-411668", "10.146.45.236", "us1a3-smtp02.a3.dal06.isc4sb.com", "2017-03-08T16:45:50Z"),
    E("by IMSVA (Postfix)", "127.0.0.1", "IMSVA", "2017-03-08T16:46:12Z", "d06av25.portsmouth.uk.ibm.com", None),
    E("mail90.suw15.mcsv.net", "127.0.0.1", "mail90.suw15.mcsv.net", "2018-08-29T20:26:47Z"),
    E("NEWKDEMO.kdemo.local", "70.39.115.201", "NEWKDEMO.kdemo.local", "2018-02-13T17:19:37Z"),
    E(
        "APCNHUB11.correo.local",
        "200.57.129.98",
        "APCNHUB11.correo.local",
        "2022-10-10T20:11:35Z",
        "apiron13.triara.com",
        None,
    ),
    E("ESMTP/TLS/ECDHE-RSA-AES128-GCM-SHA256", "152.228.133.10", "apiron13.triara.com", "2022-10-10T20:11:34Z"),
    E("29AKBWdZ005349", "127.0.0.1", "vps-051e4cda.vps.ovh.net", "2022-10-10T20:11:32Z"),
    E("(from www-data@localhost)", None, "vps-051e4cda.vps.ovh.net", "2022-10-10T20:11:32Z"),
    E("Websense Email Security Gateway", "172.30.2.196", "Websense Email Security Gateway", "2015-11-29T08:45:14Z"),
    E("WWWGESTIONE3", "172.30.104.243", "aspam2-ravda.regione.vda.it", "2015-11-29T08:45:17Z", "WWWGESTIONE3", None),
    E("FQDP via TCP", "69.5.6.174", "pt02.futurequest.net", "2016-08-21T10:49:40Z"),
    E("smtp11.ggg.com", "66.202.209.213", "mx34.test.it", "2017-07-15T09:18:41Z"),
    E("COMP02.CSC.local", None, "voidstudicom.it", "2017-06-09T15:56:17Z"),
    E(
        "04d930f1.lyeo00hp.moneytrack.top",
        "127.0.0.1",
        "lyeo00hp.moneytrack.top",
        "2017-03-07T22:29:24Z",
        "lyeo00hp.moneytrack.top",
        "04d930f1.lyeo00hp.moneytrack.top",
    ),
    E("qmail-scanner-1.24", "223.152.177.168", "mail.sgis.com.cn", "2016-12-26T05:32:04Z"),
    E("(HELO ljhw)", "223.152.177.168", "0", "2016-12-26T05:32:02Z", "ljhw", None),
    E("danglüe@email.com", "96.202.181.20", "localhost", "2018-05-13T04:32:23Z"),
    E(
        "Lotus Domino Release 7.0.3",
        "209.85.132.191",
        "ax7.axolotl.com",
        "2008-06-24T04:12:25Z",
        "an-out-0910.google.com",
        None,
    ),
    E("(HELO CDCHOME)", "76.199.3.163", "smtp106.sbc.mail.re2.yahoo.com", "2007-06-01T02:51:03Z", "CDCHOME", None),
    E("by mit.edu (Spam Firewall)", "68.142.229.99", "mit.edu", "2007-06-01T02:51:03Z"),
    E("exprod7mx269.postini.com ([64.18.6.14])", "124.215.209.79", "exprod7mx269.postini.com", "2008-07-04T06:01:42Z"),
    E(
        "g31si1659851rvb",
        "64.18.2.123",
        "mx.google.com",
        "2008-07-04T06:02:17Z",
        "psmtp.com",
        "exprod7mx269.postini.com",
    ),
    E("fetchmail-6.2.1", "66.185.95.101", "localhost", "2003-04-07T01:21:25Z"),
    E("intranator.link-m.de", None, "intranator.net.local", "2007-07-20T11:14:40Z"),
    E("from e450 by", None, "durga.webserversystems.com", "2008-06-20T00:30:33Z"),
    E(
        "junior.ATrpms.net",
        "127.0.0.1",
        "junior.physik.fu-berlin.de",
        "2007-04-02T01:13:08Z",
        "junior.ATrpms.net",
        "localhost",
    ),
    E("12: 31: 43", "127.0.0.1", "localhost", "2009-02-09T17:31:43Z"),
    E("from userid 2819", None, "mail02.dd24.net", "2009-01-25T09:34:58Z"),
    E("m96653kR064934", None, "daffy.timing.com", "2008-10-06T06:05:03Z"),
    E("kilo.fastwebhosting.net", "91.102.64.140", "ppsw-5.csi.cam.ac.uk", "2008-03-11T17:06:23Z"),
    E("BLU113-W2", "65.55.162.183", "blu139-omc1-s14.blu139.hotmail.com", "2008-04-03T22:24:54Z"),
    E("35AF9380001BD", "198.178.238.149", "mtain-dh02.r1000.mx.aol.com", "2010-12-15T17:22:13Z"),
    E("h13ska0ko6cn", "172.30.44.57", "survey1usmta.mysurvey.com", "2010-12-15T17:21:20Z"),
    E("XBHNSC17", "65.192.161.22", "mail2.provantage.com", "2001-12-05T00:27:33Z"),
    E("(127.0.01)", "127.0.0.1", "xxxx.xxxxxxxx.xxx", "2012-04-05T08:01:01Z"),
    E("59e09f1b.7f31e76958c8-api-01", "104.47.0.223", "mxa.mailgun.org", "2017-10-13T11:10:19Z"),
    E("mgrt 5538829", None, "luna.mailgun.net", "2012-07-13T14:06:51Z"),
    E("advertise-bz.cn", "111.224.250.131", "mxa.mailgun.org", "2012-07-13T14:06:50Z", "advertise-bz.cn", None),
    E("server1.ms.domain.com", "10.3.1.83", "server1.ms.domain.com", "2022-07-21T15:00:55Z"),
    E("store192a.mail.ord1c", "172.28.148.6", "store192a.mail.ord1c", "2014-03-27T22:28:14Z"),
    E("[129.354.10.212]", "168.154.111.153", "DB3PR05MB172.eurprd05.prod.outlook.com", "2014-03-14T09:52:32Z"),
    E("with NNFMP", "98.139.91.21", "tm12.bullet.mail.sp2.yahoo.com", "2012-06-29T12:06:38Z"),
    E("web114418.mail.gq1.yahoo.com", "95.79.59.37", "web114418.mail.gq1.yahoo.com", "2012-06-29T12:06:37Z"),
    E("7B/03-15277-CC85C645", "209.85.214.170", "pb1.pair.com", "2014-11-19T08:46:05Z", "mail-ob0-f170.google.com"),
    E("gorkcomputer", "1.2.3.4", "mydomain.com", "2005-11-10T14:24:21Z", "gorkcomputer", "my.dns.com"),
    E("softdnserr", "64.235.238.165", "mail.cs.helsinki.fi", "2003-08-17T16:30:42Z", "m165.4superdeals.biz", None),
    E("silver.ucsc.edu", "128.114.2.223", "silver.ucsc.edu", "2006-12-04T21:15:07Z", "[10.10.10.10]"),
    E(
        "madman.mr.itd.umich.edu",
        "141.211.14.81",
        "madman.mr.itd.umich.edu",
        "2005-10-11T05:41:34Z",
        "hackers.mr.itd.umich.edu",
        "smtp.mail.umich.edu",
    ),
    E(
        "claiming to be",
        "61.197.82.27",
        "st.tahina.priv.at",
        "2005-11-13T15:38:52Z",
        "foo.woas.net",
        "pl027.nas934.d-osaka.nttpc.ne.jp",
    ),
    E("list.brainbuzz.com", "63.146.189.86", "mx1.yourtech.net", "2004-09-19T04:17:54Z"),
    E(
        "i6.prod.democracyinaction.com",
        "192.168.1.205",
        "m12.prod.democracyinaction.com",
        "2006-09-12T13:57:40Z",
        "i6.prod.democracyinaction.com",
    ),
    E("DPLAPTOP", "72.242.176.162", "mail.puryear-it.com", "2006-06-23T21:39:47Z"),
    E("SquirrelMail", "153.90.199.141", "web1.cs.montana.edu", "2004-09-23T20:35:29Z"),
    E("qmail-ldap-1.03", "81.64.159.45", "212.198.2.120", "2003-11-28T20:44:45Z"),
    E(
        "?192.168.23.32?",
        "83.70.48.2",
        "mail00.svc.cra.dublin.eircom.net",
        "2004-03-08T23:59:05Z",
        "?192.168.23.32?",
        "83-70-48-2.bas2.dbn.dublin.eircom.net",
    ),
    E("846CF2117for", "127.0.0.1", "localhost.technodiva.com", "2006-08-07T15:48:07Z"),
    E("authenticated as r.dickenson", "81.103.146.112", "n082.sc1.cp.net", "2004-09-23T18:42:17Z"),
    E("RDNS failed", "61.31.138.57", "nccdi.com", "2004-09-23T15:51:06Z", "0", None),
    E("KRYPTIK", "70.20.57.51", "host.name", "2006-04-04T14:28:45Z", "KRYPTIK"),
    E("10.0.8.6.13219", "10.0.8.6", "lisbeth.i.pinwand.net", "2004-10-31T03:01:23Z"),
    E("rc3.isc.org", "2001:4f8:3:bb::25", "sf1.isc.org", "2004-10-16T21:30:02Z", "rc3.isc.org", "rc3.isc.org"),
    E(
        "user588a01834c",
        "95.112.248.163",
        "mail.gmx.net",
        "2012-11-23T18:06:20Z",
        "user588a01834c",
        "stgt-5f70f8a3.pool.mediaWays.net",
    ),
    E("MARISELA", "189.149.70.163", "mail.legosoft.com.mx", "2006-12-03T16:02:16Z", "MARISELA"),
    E("mx56.pirmateh.us", "64.119.196.56", "mail.core.obfugenedata.com", "2004-09-15T19:38:31Z"),
    E("by1fd.bay1.hotmail.msn.com", "24.8.231.233", "by1fd.bay1.hotmail.msn.com", "2004-03-17T02:12:31Z"),
    E("by Daffy.timing.com;", "65.54.245.95", "Daffy.timing.com", None, "hotmail.com", "bay1-f95.bay1.hotmail.com"),
    E(
        "LHLO mail2-backend",
        "10.2.2.20",
        "mail3-backend.DDDD.com",
        "2015-06-18T23:50:56Z",
        "mail2-backend.DDDD.com",
        "mail1-backend.DDDD.com",
    ),
    E(
        "gate.jakob.de",
        "217.145.101.130",
        "vps832469583.serverpool.info",
        "2007-01-06T22:42:55Z",
        "gate2.jakob.de",
        "gate.jakob.de",
    ),
    E("44A8959ED6B0", "127.0.0.1", "foo.example.net", "2006-06-30T07:02:00Z"),
    E("MailEnable ESMTP", "89.79.20.16", "pop3.m80.net", "2007-02-20T14:26:17Z"),
    E("mcafee.wpi.edu", "130.215.36.186", "mcafee.wpi.edu", "2006-05-23T17:06:35Z"),
    E("invoked by uid 404", None, None, "2003-11-14T08:05:52Z"),
    E("conversion-daemon", None, "d1-sfbay-01.sun.com", "2006-05-22T18:23:41Z"),
    E("ismtpd0001p1lon1.sendgrid.net", None, "ismtpd0001p1lon1.sendgrid.net", "2020-04-02T07:53:55.516Z"),
    E("(OpenSMTPD)", None, "example.com", "2020-04-07T07:38:29Z"),
    E("[(134.97.4.21)]", "134.97.4.21", "mail.aspemail.de", "2019-07-16T09:39:22Z"),
    E("with Thrift", "2401:db00:1110:50e8:face:0:2f:0", "facebook.com", "2019-03-20T20:39:29Z"),
    E("HTTPREST", None, "gmailapi.google.com", "2019-03-06T08:39:24Z"),
    E("peer crosscheck", None, "mail-store-2001.amazon.com", None),
    E("Jetsend", None, "643852-mailer2", "2018-09-14T18:36:56Z", "maropost.com"),
    E("testintranator.net.vm", None, "testintranator.net.vm", "2009-07-21T12:34:14Z"),
    E(
        "[fe80::19bd:c588:dd17:5226%6]",
        "fe80::19bd:c588:dd17:5226",
        "AM5PR0402MB2836.eurprd04.prod.outlook.com",
        "2019-06-05T10:17:08Z",
    ),
    E("2018-04-22 02:54:17.028704749", None, "filter0652p1las1.sendgrid.net", "2018-04-22T02:54:17.028Z"),
    E(
        "1dCtTVbKTgGmrXSNolRfbg",
        "192.30.252.194",
        "ismtpd0021p1iad2.sendgrid.net",
        "2018-04-22T02:54:16.987Z",
        "smtp.github.com",
        "out-3.smtp.github.com",
    ),
    E("gDQRSEGgSqCsi9tFtF1Vtg", "192.30.252.199", "ismtpd0003p1iad2.sendgrid.net", "2018-03-26T13:35:36.102Z"),
    E("hrakoo0lrlgv", "10.0.22.21", "vmta6.response.nfcu.org", "2018-04-20T21:51:19Z"),
    E(
        "BN3NAM04FT003.mail.protection.outlook.com",
        "199.204.166.217",
        "BN3NAM04FT003.mail.protection.outlook.com",
        "2018-04-21T03:01:32Z",
        "vmta6.response.nfcu.org",
        None,
    ),
    E("SN1PR16MB0494", "2a01:111:e400:c418::34", "SN1PR16MB0494.namprd16.prod.outlook.com", "2018-04-21T03:01:33Z"),
    E(" Sun, 22 Apr 2018 02:54:19", None, None, "2018-04-22T02:54:19Z"),
    E("by me by you", None, "me", "2018-03-26T13:35:36.270Z"),
    E("Haraka/2.8.18", "1.1.1.1", "localhost.localdomain", "2018-07-03T12:18:13Z"),
    E("guovswzqkvry051@sohu.com", "148.251.238.35", "guovswzqkvry051@sohu.com", "2018-07-03T12:01:47Z"),
    E("([])", None, "example.com", "2019-09-26T09:19:07Z"),
    E("with;ESMTP", "1.1.1.1", "x.com.br", "2019-03-22T02:45:46Z", "171-29.br", "1-1-1-1.z.com.br"),
    E("xxxololo", "127.0.0.2", "smtp.gmail.com", None, "[127.0.0.1]"),
    E(
        "steven2.zhou01.pserver.ru",
        "185.118.166.127",
        "mail.832zsu.cn",
        None,
        "185.118.166.127",
        "steven2.zhou01.pserver.ru",
    ),
    E(
        "smtp.spodhuis.org",
        "2a02:898:31:0:48:4558:736d:7470",
        "hummus.csx.cam.ac.uk",
        "2018-06-30T01:54:24Z",
        "mx.spodhuis.org",
        "smtp.spodhuis.org",
    ),
    E("from)by", None, "ismtpd0112p1sjc2.abc.net", "2021-01-29T07:24:22.501Z"),
    E("here-from-there.com", None, "f321.i.example.com", "2020-11-24T13:58:07Z"),
    E(
        "rhost-flags-OK-OK-OK-OK",
        "77.238.177.145",
        "vger.kernel.org",
        "2019-05-13T13:47:13Z",
        "sonic314-19.consmr.mail.ir2.yahoo.com",
        "sonic314-19.consmr.mail.ir2.yahoo.com",
    ),
    E("via listexpand", None, "vger.kernel.org", "2019-05-13T13:47:14Z"),
    E("se1-gles-flk1.inumbo.com", "74.104.188.4", "se1-gles-flk1.inumbo.com", "2023-08-12T05:27:37Z"),
    E("outflank-mailman (input)", None, "outflank-mailman", "2023-08-12T05:27:42Z"),
    E("from list by lists.xenproject.org", None, "lists.xenproject.org", "2023-08-12T05:27:43Z"),
    E(
        "37C5RL9m032320",
        "2001:470:1f07:15ff::f7",
        "mailhost.m5p.com",
        "2023-08-12T05:27:26Z",
        "m5p.com",
        "mailhost.m5p.com",
    ),
    E("marcan@marcan.st", "127.0.0.1", "mail.marcansoft.com", "2021-08-27T03:47:43Z"),
    E("mail.corebizinsight.com", None, "mail.corebizinsight.com", "2023-08-22T07:35:42Z"),
    E("prolexic.com", "10.2.2.254", "smtp.aaa.org", "2009-12-03T20:08:32Z", "imr-f9b5566049f9cb01.prolexic.com", None),
    E("from bondi", "10.0.0.60", "mail31.bluerapport.com", "2009-01-07T23:37:47Z", "bondi", None),
    E("BOCOFF012", "10.18.0.179", "boclair.e-dunbarton.sch.uk", "2007-09-18T11:18:42Z"),
    E("[[10.18.0.3]]", "10.18.0.3", "eastdunbarton.gov.uk", "2007-09-18T10:16:58Z"),
    E("/spool/local", None, "eastdunbarton.gov.uk", "2007-09-18T10:17:02Z"),
    E("MBX01D-ORD1.mex06.mlsrvr.com", "172.29.1.1", "MBX01D-ORD1.mex06.mlsrvr.com", "2014-03-27T22:28:13Z"),
    E(
        "[fe80::d9e1:f2e9:23cd:91e2%22]",
        "fe80::d9e1:f2e9:23cd:91e2",
        "MBX01C-ORD1.mex06.mlsrvr.com",
        "2014-03-27T22:28:13Z",
    ),
    E("mail.siol.net", "127.0.0.1", "mail.siol.net", "2019-07-13T12:03:57Z", "localhost", "localhost"),
]


def test_at_least_100_fields_have_expectations() -> None:
    assert len(EXPECT) >= 100
    assert len({e.needle for e in EXPECT}) == len(EXPECT)


@pytest.mark.parametrize("e", EXPECT, ids=[e.needle[:40] for e in EXPECT])
def test_catalogue_expectation(e: E) -> None:
    hop = _find(e.needle)
    assert hop.from_ip == e.ip
    assert hop.by_host == e.by
    assert (iso_utc(hop.when) if hop.when else None) == e.ts
    if e.helo != "-":
        assert hop.from_helo == e.helo
    if e.rdns != "-":
        assert hop.from_rdns == e.rdns


def test_details_read_from_the_lines() -> None:
    """A few fields beyond IP/hosts/time, each checked against the text of its line."""
    h = _find("Let's Encrypt Authority X3")
    assert h.tls_version == "TLSv1.3" and h.tls_cipher == "TLS_AES_256_GCM_SHA384"
    assert h.envelope_from == "owner-freebsd-test@freebsd.org" and "tls" in h.flags
    h = _find("ca-18-193-131.service.infuturo.it")
    assert h.auth is not None and h.kind == "submission" and h.profile == "exim"
    h = _find("ORCPT\n        <rfc822;linux-clk")
    assert h.queue_id == "S1727788AbfEMNrN"  # the ";" inside the comment does not cut the date
    h = _find("000000DB.43735815.00001E11")
    assert h.queue_id == "000000DB.43735815.00001E11" and "text_after_date" in h.date_issues
    h = _find("outflank-mailman (input)")
    assert h.for_addr is None and h.kind == "list_expansion"
    h = _find("846CF2117for")
    assert h.queue_id == "846CF2117" and h.for_addr == "proftp-user@lists.sourceforge.net"
    h = _find("10.0.8.6.13219")
    assert h.from_port == 13219
    h = _find("smtp.spodhuis.org")
    assert h.from_port == 38689 and h.tls_version == "TLSv1.3"
    h = _find("MARISELA")
    assert h.rdns_state == "flagged" and h.auth == "authenticated bits=0"
    h = _find("RDNS failed")
    assert h.rdns_state == "none_found"
    h = _find("[129.354.10.212]")
    assert any("129.354.10.212" in w for w in h.warnings)
    h = _find("(127.0.01)")
    assert any("127.0.01" in w for w in h.warnings)
    h = _find("Fri, 04 Jul 2008 02:01:42 EDT")
    assert h.tz_state == "named" and h.tz_offset_minutes == -240
    h = _find("qmail 11769 invoked from network")
    assert h.tz_state == "unknown" and h.kind == "local_injection"
    h = _find("claiming to be")
    assert h.tz_state == "unknown" and "asctime_format" in h.date_issues
    h = _find("12: 31: 43")
    assert "broken_time" in h.date_issues
    h = _find("2018-04-22 02:54:17.028704749")
    assert "no_semicolon" in h.date_issues and "fractional_seconds" in h.date_issues
    h = _find("fetchmail-6.2.1")
    assert h.kind == "fetch"
    h = _find("amavisd-new")
    assert h.kind == "content_filter"
    h = _find("by  (Postfix)")
    assert h.by_host is None and "empty by-host" in h.warnings
    h = _find("15.20.3348.16 via Frontend")
    assert h.via == "Frontend Transport" and h.profile == "exchange"
    h = _find("by f321.i.example.com with local")
    assert h.for_addr == "someone@here-from-there.com" and h.envelope_from == "b8u3hkqlkj@example.com"


def test_broken_folding_is_one_field() -> None:
    """issue84: continuation lines lost their indentation; the catalogue keeps them in one block."""
    h = _find("7B/03-15277-CC85C645")
    assert h.queue_id == "7B/03-15277-CC85C645" and h.for_addr == "internals@lists.php.net"


def test_no_catalogue_field_is_taken_for_glued_fields() -> None:
    """Each catalogue block is one trace field (read by eye), so none may be split into several hops."""
    from inspector.chain.received import parse_received_field

    assert [mta for mta, value in BLOCKS if len(parse_received_field(value)) != 1] == []
