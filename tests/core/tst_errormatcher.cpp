// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The error-text matcher: real log lines from agents, APM Server and browsers (troubleshooting-cases.md)
// map to the right case, first.
#include "doctor/ErrorMatcher.h"
#include "doctor/KnowledgeBase.h"

#include <QSet>
#include <QTest>

class TestErrorMatcher : public QObject
{
    Q_OBJECT

private slots:
    void catalogueIsComplete()
    {
        // C1 … C34 from the reference, each with symptoms, cause and fix; ids unique.
        QSet<QString> ids;
        for (const Doctor::Case& c : Doctor::KnowledgeBase::cases()) {
            QVERIFY2(!ids.contains(c.id), qPrintable(c.id));
            ids.insert(c.id);
            QVERIFY2(!c.symptoms.isEmpty() && !c.cause.isEmpty() && !c.fix.isEmpty() && !c.reference.isEmpty(),
                     qPrintable(c.id));
            for (const QRegularExpression& re : Doctor::KnowledgeBase::patterns(c.id))
                QVERIFY2(re.isValid(), qPrintable(c.id + QStringLiteral(": ") + re.pattern()));
        }
        for (int i = 1; i <= 34; ++i)
            QVERIFY2(ids.contains(QStringLiteral("C%1").arg(i)), qPrintable(QString::number(i)));
    }

    void bestMatch_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("caseId");
        QTest::newRow("Go agent, ECK self-signed CA") << "Post \"https://apm:8200/intake/v2/events\": x509: certificate signed by unknown authority" << "C1";
        QTest::newRow("Node.js private CA / missing intermediate") << "APM Server transport error (UNABLE_TO_GET_ISSUER_CERT_LOCALLY): unable to get local issuer certificate" << "C2";
        QTest::newRow("Go legacy CN") << "x509: certificate relies on legacy Common Name field, use SANs instead" << "C10";
        QTest::newRow("Node altnames") << "APM Server transport error: Hostname/IP does not match certificate's altnames: IP: 10.0.0.4 is not in the cert's list" << "C12";
        QTest::newRow("server log, no client certificate") << "http: TLS handshake error from 10.1.2.3:5555: tls: client didn't provide a certificate" << "C14";
        QTest::newRow("Java protocol_version") << "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version" << "C15";
        QTest::newRow("Node https to plain port") << "APM Server transport error: write EPROTO 1407:error:1408F10B:SSL routines:ssl3_get_record:wrong version number" << "C16";
        QTest::newRow("plain HTTP to the TLS port") << "Client sent an HTTP request to an HTTPS server." << "C16";
        QTest::newRow("Istio reset") << "error fetching APM Server version: read ECONNRESET" << "C17";
        QTest::newRow("401 missing header") << "APM Server transport error (401): authentication failed: missing or improperly formatted Authorization header: expected 'Authorization: Bearer secret_token' or 'Authorization: ApiKey base64(API key ID:API key)'" << "C20";
        QTest::newRow("401 unknown scheme") << "{\"error\":\"authentication failed: unknown Authentication header bearer: expected …\"}" << "C20";
        QTest::newRow("401 wrong token") << "APM Server transport error (401): authentication failed" << "C19";
        QTest::newRow("401 bad base64 API key") << "authentication failed: improperly encoded ApiKey credentials: expected base64(ID:APIKey): illegal base64 data at input byte 0" << "C22";
        QTest::newRow("403 missing privilege") << "{\"error\":\"unauthorized: API Key not permitted action \\\"config_agent:read\\\"\"}" << "C23";
        QTest::newRow("403 anonymous agent") << "unauthorized: anonymous access not permitted for agent \"python\"" << "C26";
        QTest::newRow("browser CORS") << "Access to fetch at 'http://apm:8200/intake/v2/rum/events' from origin 'http://shop' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource." << "C27";
        QTest::newRow("browser allow-headers") << "Request header field custom is not allowed by Access-Control-Allow-Headers in preflight response." << "C29";
        QTest::newRow("RUM disabled") << "{\"error\":\"forbidden request: RUM endpoint is disabled. Configure the `apm-server.rum` section\"}" << "C30";
        QTest::newRow("429") << "{\"error\":\"too many requests: rate limit exceeded\"}" << "C32";
        QTest::newRow("server start-up permissions") << "Failed reading CA certificate: open /etc/apm/ca.crt: permission denied" << "C33";
        QTest::newRow("connection refused") << "APM Server transport error (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:8200" << "N3";
        QTest::newRow("DNS") << "getaddrinfo ENOTFOUND apm-server.invalid" << "N2";
        QTest::newRow("Java PKIX") << "sun.security.validator.ValidatorException: PKIX path building failed: unable to find valid certification path to requested target" << "C8";
        QTest::newRow("Python fingerprint pin") << "Fingerprints did not match. Expected \"ab\", got \"cd\"" << "C5";
    }

    void bestMatch()
    {
        QFETCH(QString, line);
        QFETCH(QString, caseId);
        const QList<Doctor::CaseMatch> m = Doctor::matchErrorText(line);
        QVERIFY2(!m.isEmpty(), qPrintable(line));
        QCOMPARE(m.constFirst().kase->id, caseId);
        QVERIFY(!m.constFirst().matchedText.isEmpty());
    }

    void unrelatedTextMatchesNothing()
    {
        QVERIFY(Doctor::matchErrorText(QStringLiteral("transaction sampled at 0.5, all good")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestErrorMatcher)
#include "tst_errormatcher.moc"
