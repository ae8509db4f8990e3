// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The troubleshooting cases of ../shared/reference/troubleshooting-cases.md as data. Symptom
// patterns are the texts users paste: agent transport errors, APM Server's 401/403/429 bodies
// (apm-server-behaviour.md §3), Go/OpenSSL/Java/Node TLS errors and browser CORS messages.
#include "doctor/KnowledgeBase.h"

#include <QHash>

namespace Doctor {

QString layerName(Layer layer)
{
    switch (layer) {
    case Layer::Url: return QStringLiteral("URL");
    case Layer::Dns: return QStringLiteral("DNS");
    case Layer::Tcp: return QStringLiteral("TCP");
    case Layer::Tls: return QStringLiteral("TLS");
    case Layer::Http: return QStringLiteral("HTTP");
    case Layer::Auth: return QStringLiteral("authentication");
    case Layer::Intake: return QStringLiteral("intake");
    case Layer::Rum: return QStringLiteral("RUM/CORS");
    case Layer::Config: return QStringLiteral("configuration");
    case Layer::Agent: return QStringLiteral("agent");
    }
    return {};
}

namespace {

QList<Case> buildCases()
{
    const QString kTc = QStringLiteral("troubleshooting-cases.md ");
    auto c = [&](const char* id, const char* title, Layer layer, QStringList symptoms, const char* cause,
                 const char* fix, const QString& reference, const char* confirm) {
        return Case{QString::fromLatin1(id), QString::fromUtf8(title), layer, std::move(symptoms),
                    QString::fromUtf8(cause), QString::fromUtf8(fix), reference, QString::fromLatin1(confirm)};
    };
    using L = Layer;
    QList<Case> all;
    // Generic network cases: the lower steps of the doctor.
    all << c("N1", "The URL cannot be used", L::Url,
             {QStringLiteral("invalid url"), QStringLiteral("unsupported protocol scheme"),
              QStringLiteral("invalid URI"), QStringLiteral("missing protocol")},
             "The server URL is not an http:// or https:// URL with a host (agents need scheme, host and port).",
             "Write the URL as http(s)://HOST:8200 (APM Server's default port is 8200).",
             QStringLiteral("apm-server-behaviour.md §7"), "doctor: URL")
        << c("N2", "The host name does not resolve", L::Dns,
             {QStringLiteral("getaddrinfo ENOTFOUND"), QStringLiteral("no such host"),
              QStringLiteral("Name or service not known"), QStringLiteral("UnknownHostException"),
              QStringLiteral("Temporary failure in name resolution"), QStringLiteral("Could not resolve host"),
              QStringLiteral("Host .* not found"), QStringLiteral("EAI_AGAIN")},
             "The agent cannot resolve the server's host name (typo, a name only valid inside a cluster or "
             "container network, missing DNS entry).",
             "Use a name the agent's host can resolve (check with `getent hosts NAME` there), or the service "
             "name of the network the agent runs in.",
             QStringLiteral("doctor DNS step"), "doctor: DNS")
        << c("N3", "Nothing listens on the port (connection refused)", L::Tcp,
             {QStringLiteral("ECONNREFUSED"), QStringLiteral("connection refused"),
              QStringLiteral("ConnectException"), QStringLiteral("Connection refused"),
              QStringLiteral("actively refused")},
             "APM Server is not running, listens on another port or interface (its default host is "
             "localhost:8200 / 127.0.0.1:8200, which other machines cannot reach), or a firewall rejects.",
             "Start APM Server; set apm-server.host to an address the agents can reach (e.g. 0.0.0.0:8200) and "
             "check the port in the agent's server URL.",
             QStringLiteral("apm-server-behaviour.md §7 (host)"), "doctor: TCP")
        << c("N4", "The connection times out", L::Tcp,
             {QStringLiteral("ETIMEDOUT"), QStringLiteral("i/o timeout"), QStringLiteral("timed out"),
              QStringLiteral("SocketTimeoutException"), QStringLiteral("context deadline exceeded")},
             "A firewall drops the packets or the address is not reachable from the agent's network.",
             "Open the port between agent and server; check security groups, network policies, the proxy.",
             QStringLiteral("doctor TCP step"), "doctor: TCP")
        << c("N5", "The response does not come from APM Server", L::Http,
             {QStringLiteral("<html"), QStringLiteral("Unexpected APM Server response"),
              QStringLiteral("not an APM Server")},
             "Something else answers on this URL: a reverse proxy, a web frontend, or another product on port 8200.",
             "Point the agent at APM Server itself or forward every APM path (/, /intake/*, /config/*) through the proxy.",
             kTc + QStringLiteral("C31"), "doctor: HTTP");
    // A. Trust.
    all << c("C1", "Server certificate signed by an unknown authority", L::Tls,
             {QStringLiteral("x509: certificate signed by unknown authority"),
              QStringLiteral("self[- ]signed certificate"), QStringLiteral("SELF_SIGNED_CERT_IN_CHAIN"),
              QStringLiteral("DEPTH_ZERO_SELF_SIGNED_CERT"),
              QStringLiteral("The root certificate of the certificate chain is self-signed")},
             "The server's certificate (ECK and self-managed setups use their own CA) is not trusted by the agent.",
             "Give the agent the CA file (ELASTIC_APM_SERVER_CA_CERT_FILE / serverCaCertFile / server_ca_cert_file) "
             "or pin the server certificate; do not turn verification off.",
             kTc + QStringLiteral("C1"), "doctor: TLS")
        << c("C2", "Incomplete chain or private CA (Node.js UNABLE_TO_GET_ISSUER_CERT_LOCALLY)", L::Tls,
             {QStringLiteral("UNABLE_TO_GET_ISSUER_CERT_LOCALLY"), QStringLiteral("UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
              QStringLiteral("unable to get local issuer certificate"),
              QStringLiteral("unable to get issuer certificate"), QStringLiteral("unable to verify the first certificate"),
              QStringLiteral("The issuer certificate of a locally looked up certificate could not be found")},
             "The server sends only its leaf (no intermediate), or the chain ends in a private CA the agent does not know.",
             "Serve the full chain (leaf then intermediates in ssl.certificate) and give the agent the root CA "
             "(serverCaCertFile; older Node.js agents: NODE_EXTRA_CA_CERTS).",
             kTc + QStringLiteral("C2"), "doctor: TLS")
        << c("C3", "Ruby: certificate verify failed despite verify_server_cert: false", L::Agent,
             {QStringLiteral("certificate verify failed \\(self signed certificate in certificate chain\\)")},
             "An agent bug ignored the flag (fixed); flags differ per agent.",
             "Use server_ca_cert_file with the CA; upgrade the Ruby agent.", kTc + QStringLiteral("C3"), "doctor: TLS")
        << c("C4", "Python: CERTIFICATE_VERIFY_FAILED with SERVER_CERT set", L::Agent,
             {QStringLiteral("\\[SSL: CERTIFICATE_VERIFY_FAILED\\]")},
             "SERVER_CERT pins the exact server certificate (not a CA bundle); early 4.x agents had a bug.",
             "Upgrade the agent; use SERVER_CA_CERT_FILE for CA-based trust.", kTc + QStringLiteral("C4"),
             "doctor: TLS")
        << c("C5", "Python: pinned certificate fingerprint does not match", L::Agent,
             {QStringLiteral("Fingerprints did not match")},
             "SERVER_CERT pins another certificate than the one served (a CA, an old leaf, a proxy's certificate).",
             "Pin the leaf the server actually serves (compare SHA-256 fingerprints) or switch to CA-based trust.",
             kTc + QStringLiteral("C5"), "doctor: TLS")
        << c("C6", "Python: VERIFY_SERVER_CERT false combined with SERVER_CERT", L::Agent,
             {QStringLiteral("InsecureRequestWarning")},
             "Contradictory trust options; agents disagree on which wins.",
             "Never combine a CA or pin with verification off; keep verification on.", kTc + QStringLiteral("C6"),
             "doctor: TLS")
        << c("C7", ".NET: The SSL connection could not be established", L::Agent,
             {QStringLiteral("The SSL connection could not be established")},
             "ServerCaCertFile is not supported by the .NET agent.",
             "Use ServerCert (pinning) or the system trust store.", kTc + QStringLiteral("C7"), "doctor: TLS")
        << c("C8", "Java: PKIX path building failed", L::Agent,
             {QStringLiteral("PKIX path building failed"),
              QStringLiteral("unable to find valid certification path to requested target")},
             "The JVM trust store does not contain the CA of APM Server's certificate.",
             "Import the CA into a trust store and pass -Djavax.net.ssl.trustStore=… to the JVM.",
             kTc + QStringLiteral("C8"), "doctor: TLS")
        << c("C9", "PHP: no way to add a custom CA", L::Agent,
             {QStringLiteral("php.*(ssl|certificate)")},
             "The PHP agent only has verify_server_cert.", "Add the CA to the system trust store of the PHP host.",
             kTc + QStringLiteral("C9"), "doctor: TLS");
    // B. Hostname.
    all << c("C10", "Certificate relies on the legacy Common Name field", L::Tls,
             {QStringLiteral("certificate relies on legacy Common Name field")},
             "The certificate has a CN but no subject alternative names; Go 1.15+ ignores the CN.",
             "Reissue the certificate with DNS and IP SANs for every name agents use.", kTc + QStringLiteral("C10"),
             "doctor: TLS")
        << c("C11", "Java/WebLogic: failed hostname verification for a wildcard certificate", L::Agent,
             {QStringLiteral("failed hostname verification check")},
             "WebLogic's strict hostname verifier rejects wildcard certificates.",
             "Change WebLogic's hostname verification setting or use a certificate with explicit names.",
             kTc + QStringLiteral("C11"), "doctor: TLS")
        << c("C12", "Host name or IP not in the certificate's subject alternative names", L::Tls,
             {QStringLiteral("Hostname/IP does not match certificate's altnames"),
              QStringLiteral("x509: certificate is valid for .*, not "),
              QStringLiteral("certificate is not valid for any names"),
              QStringLiteral("doesn't match any of the subject alternative names"),
              QStringLiteral("host name .* does not match"), QStringLiteral("ERR_TLS_CERT_ALTNAME_INVALID"),
              QStringLiteral("No subject alternative (DNS|IP) name")},
             "The certificate was issued for other names (often only localhost), but agents connect by IP, "
             "service name or load-balancer name.",
             "Reissue the certificate with every DNS name and IP agents use as SANs, or connect by a name it covers.",
             kTc + QStringLiteral("C12"), "doctor: TLS");
    // C. Protocol / handshake.
    all << c("C13", "Old Java TLS stack fails on the server's certificate request", L::Tls,
             {QStringLiteral("extension \\(5\\) should not be presented in certificate_request")},
             "client_authentication was optional, so the server asked every client for a certificate; old JDK 8 "
             "stacks mishandle the request.",
             "Set apm-server.ssl.client_authentication: none explicitly, update the JDK, or cap the protocols.",
             kTc + QStringLiteral("C13"), "probe: TLS client certificate")
        << c("C14", "The server requires a client certificate (certificate_authorities set)", L::Tls,
             {QStringLiteral("tls: client didn't provide a certificate"), QStringLiteral("certificate required"),
              QStringLiteral("alert bad certificate"), QStringLiteral("tlsv1 alert bad certificate"),
              QStringLiteral("tlsv13 alert certificate required"), QStringLiteral("SSLV3_ALERT_BAD_CERTIFICATE"),
              QStringLiteral("peer did not return a certificate"), QStringLiteral("bad certificate")},
             "apm-server.ssl.certificate_authorities is set without client_authentication, which makes client "
             "certificates required; agents do not send one (or send one the server's CAs did not sign).",
             "Set apm-server.ssl.client_authentication: none (or optional), or drop certificate_authorities; if "
             "mutual TLS is intended, give the agent a client certificate signed by one of those CAs.",
             kTc + QStringLiteral("C14") + QStringLiteral(", apm-server-behaviour.md §5"),
             "probe: TLS client certificate")
        << c("C15", "No common TLS protocol version", L::Tls,
             {QStringLiteral("protocol_version"), QStringLiteral("protocol version not supported"),
              QStringLiteral("unsupported protocol"), QStringLiteral("no protocols available"),
              QStringLiteral("tlsv1 alert protocol version"), QStringLiteral("UNSUPPORTED_PROTOCOL"),
              QStringLiteral("version too low")},
             "The client offers only protocol versions apm-server.ssl.supported_protocols excludes (or the reverse).",
             "Align apm-server.ssl.supported_protocols with the agent's runtime, or enable TLS 1.2/1.3 in it.",
             kTc + QStringLiteral("C15"), "probe: TLS protocol")
        << c("C16", "Scheme mismatch: HTTPS to a plain HTTP port, or HTTP to a TLS port", L::Tls,
             {QStringLiteral("wrong version number"), QStringLiteral("Client sent an HTTP request to an HTTPS server"),
              QStringLiteral("first record does not look like a TLS handshake"),
              QStringLiteral("plain HTTP request was sent to HTTPS port"), QStringLiteral("packet length too long"),
              QStringLiteral("http: server gave HTTP response to HTTPS client"),
              QStringLiteral("Unrecognized SSL message")},
             "The agent's URL scheme does not match the server: https:// against a plain-HTTP listener (or a "
             "proxy), or http:// against APM Server with ssl enabled.",
             "Use https:// when apm-server.ssl is enabled and http:// when it is not.", kTc + QStringLiteral("C16"),
             "doctor: TLS")
        << c("C17", "Connection reset (a mesh or proxy terminates TLS)", L::Tcp,
             {QStringLiteral("ECONNRESET"), QStringLiteral("connection reset by peer"),
              QStringLiteral("Connection reset"), QStringLiteral("socket hang up"),
              QStringLiteral("RemoteHostClosedError"), QStringLiteral("EOF occurred in violation of protocol")},
             "Something between agent and server (an mTLS sidecar, a proxy) closes the connection, or the "
             "scheme does not match who terminates TLS.",
             "Decide who terminates TLS (mesh or APM Server) and use the scheme that matches on each hop.",
             kTc + QStringLiteral("C17"), "doctor: TCP/TLS")
        << c("C18", "HTTP/2 framing errors", L::Http,
             {QStringLiteral("HTTP2 framing layer"), QStringLiteral("ERR_HTTP2_PROTOCOL_ERROR")},
             "A server regression in 8.19.12 and 9.2.6–9.3.1 sends inconsistent SETTINGS frames.",
             "Upgrade APM Server (8.19.15 or later) or force HTTP/1.1 on the client.", kTc + QStringLiteral("C18"),
             "doctor: HTTP");
    // D. Token / API key.
    all << c("C19", "401 authentication failed although the token looks the same", L::Auth,
             {QStringLiteral("invalid token"), QStringLiteral("\"error\":\\s*\"authentication failed\"\\s*\\}"),
              QStringLiteral("\\(401\\): authentication failed$"), QStringLiteral("^authentication failed$")},
             "The Bearer token differs: quoting, trailing whitespace or newline, another value taking precedence, "
             "or a different server behind the URL; also an ApiKey sent while API keys are disabled, or a key "
             "that is unknown, expired or invalidated.",
             "Compare the token's length and SHA-256 on both sides (not by eye); check for whitespace; for API "
             "keys check apm-server.auth.api_key.enabled and that the key is valid.",
             kTc + QStringLiteral("C19, apm-server-behaviour.md §3.3"), "probe: credentials")
        << c("C20", "401 missing or improperly formatted Authorization header", L::Auth,
             {QStringLiteral("missing or improperly formatted Authorization header"),
              QStringLiteral("unknown Authentication header")},
             "The server requires a token or API key but the agent sends none (or a scheme it does not know: "
             "the scheme is case-sensitive, only `Bearer` and `ApiKey`).",
             "Configure secretToken/apiKey on the agent (exact scheme spelling), or allow anonymous access for those "
             "agents (apm-server.auth.anonymous).",
             kTc + QStringLiteral("C20, apm-server-behaviour.md §3.2"), "probe: credentials")
        << c("C21", "The secret token is the literal string \"false\"", L::Config,
             {QStringLiteral("Secret token is set, but SSL is not enabled")},
             "A disabled token field was written as the text `false`; also: a token without TLS travels in clear text.",
             "Leave the token empty when unused, and enable TLS whenever a token is set.", kTc + QStringLiteral("C21"),
             "config lint")
        << c("C22", "401 with an API key in the wrong encoding", L::Auth,
             {QStringLiteral("illegal base64 data at input byte"),
              QStringLiteral("improperly (encoded|formatted) ApiKey credentials")},
             "The key must be sent as base64(id:api_key) (the `Credentials`/\"Beats\" form), not the raw api_key or id.",
             "Send `Authorization: ApiKey <base64 of id:api_key>`; create keys with APM Agent keys in Kibana.",
             kTc + QStringLiteral("C22, apm-server-behaviour.md §3.3"), "probe: credentials")
        << c("C23", "403 missing privilege for the API key", L::Auth,
             {QStringLiteral("API Key not permitted action"),
              QStringLiteral("is missing the following requested privilege")},
             "The API key lacks the APM application privilege for this endpoint (event:write for intake, "
             "config_agent:read for agent configuration, sourcemap:write for sourcemaps).",
             "Create a key with the needed privilege (apm-server apikey create --ingest --agent-config).",
             kTc + QStringLiteral("C23, apm-server-behaviour.md §3.4"), "probe: credentials")
        << c("C24", "ECK: the APM Server user cannot create API keys", L::Auth,
             {QStringLiteral("manage_own_api_key"), QStringLiteral("manage_api_key")},
             "The user lacks manage_api_key/manage_own_api_key and the apm application privileges.",
             "Give the role the cluster and application privileges, or create keys in Kibana.",
             kTc + QStringLiteral("C24"), "apikey")
        << c("C25", "Where is my secret token? (ECK)", L::Config, {QStringLiteral("apm-token")},
             "ECK stores the token in a Kubernetes Secret, not in Kibana.",
             "kubectl get secret/<apm>-apm-token -o go-template='{{index .data \"secret-token\" | base64decode}}'.",
             kTc + QStringLiteral("C25"), "config");
    // E. RUM / anonymous / CORS / rate limit.
    all << c("C26", "RUM: 401 after enabling a token (anonymous access not in effect)", L::Auth,
             {QStringLiteral("rum.*missing or improperly formatted Authorization header"),
              QStringLiteral("anonymous access not permitted for (agent|service)")},
             "The RUM agent cannot send a token and anonymous access is off or does not allow this agent/service "
             "(7.15: any key under auth.anonymous suppresses the auto-enable).",
             "Write apm-server.auth.anonymous.enabled: true, keep rum-js in allow_agent and the service in "
             "allow_service, enable RUM.",
             kTc + QStringLiteral("C26, apm-server-behaviour.md §3.5"), "probe: anonymous")
        << c("C27", "Browser: No 'Access-Control-Allow-Origin' header", L::Rum,
             {QStringLiteral("No 'Access-Control-Allow-Origin' header"),
              QStringLiteral("has been blocked by CORS policy"), QStringLiteral("CORS header .*missing"),
              QStringLiteral("origin: '.*' is not allowed"), QStringLiteral("Cross-Origin Request Blocked")},
             "The page's origin is not in apm-server.rum.allow_origins (the preflight still answers 200, without "
             "the header), RUM is disabled, or a proxy strips the CORS headers.",
             "Add the exact scheme://host:port origin to apm-server.rum.allow_origins; check RUM is enabled and "
             "nothing in front removes the headers.",
             kTc + QStringLiteral("C27, apm-server-behaviour.md §3.7"), "probe: RUM origins")
        << c("C28", "CORS error although origins look like \"allow everything\"", L::Rum,
             {QStringLiteral("allow_origins.*\\[?\"\\*\"\\]?")},
             "The value format was mangled (a quoted \"*\" string or a list with quotes inside).",
             "Enter plain origins (or a bare *) and confirm with a preflight from the real origin.",
             kTc + QStringLiteral("C28"), "probe: RUM origins")
        << c("C29", "Request header not allowed by Access-Control-Allow-Headers", L::Rum,
             {QStringLiteral("is not allowed by Access-Control-Allow-Headers")},
             "The page adds custom headers to RUM requests that the preflight answer does not allow.",
             "List them in apm-server.rum.allow_headers.", kTc + QStringLiteral("C29"), "probe: RUM origins")
        << c("C30", "RUM endpoint is disabled", L::Config,
             {QStringLiteral("RUM endpoint is disabled")},
             "apm-server.rum.enabled is not true (often `rum:` written at the top level instead of under apm-server).",
             "Set apm-server.rum.enabled: true, nested under apm-server.", kTc + QStringLiteral("C30"),
             "probe: RUM intake")
        << c("C31", "Something other than APM Server answers", L::Http,
             {QStringLiteral("Unexpected APM Server response when polling config"),
              QStringLiteral("307 Temporary Redirect"), QStringLiteral("Request blocked")},
             "A WAF, reverse proxy or another product (e.g. Vault, also on 8200) answers some or all paths.",
             "Confirm the peer with an authenticated GET / (APM Server answers its version); route all APM paths to it.",
             kTc + QStringLiteral("C31"), "doctor: HTTP")
        << c("C32", "429 rate limit exceeded (RUM / anonymous)", L::Rum,
             {QStringLiteral("rate limit exceeded"), QStringLiteral("too many requests")},
             "The per-IP anonymous event limit (event_limit per second, burst 3×) is used up, e.g. many users "
             "behind one NAT address.",
             "Raise apm-server.auth.anonymous.rate_limit.event_limit / ip_limit.",
             kTc + QStringLiteral("C32, apm-server-behaviour.md §3.6"), "probe: burst")
        << c("C33", "APM Server does not start: certificate or config file permissions", L::Config,
             {QStringLiteral("Failed reading CA certificate"), QStringLiteral("permission denied"),
              QStringLiteral("can only be writable by the owner"), QStringLiteral("must be owned by the user identifier")},
             "Certificate files not readable by the server's user, or the config file's owner/mode refused.",
             "chmod 0644 certificates, 0600 keys and the config, owned by the server's user.",
             kTc + QStringLiteral("C33"), "config")
        << c("C34", "Deployment-channel specific breakage", L::Config,
             {QStringLiteral("fleet-server"), QStringLiteral("7\\.17\\.20")},
             "Fleet/ECK specific bugs and gaps (self-signed certificates in 7.17.20, stale certificates until "
             "restart, unexposed port, no mTLS in the Node.js agent).",
             "See the channel's notes; restart after certificate changes; expose port 8200.",
             kTc + QStringLiteral("C34"), "doctor");
    return all;
}

struct Catalogue
{
    QList<Case> cases = buildCases();
    QHash<QString, QList<QRegularExpression>> patterns = [this] {
        QHash<QString, QList<QRegularExpression>> p;
        for (const Case& k : cases) {
            for (const QString& s : k.symptoms)
                p[k.id].append(QRegularExpression(s, QRegularExpression::CaseInsensitiveOption));
        }
        return p;
    }();
};

const Catalogue& catalogue()
{
    static const Catalogue c;
    return c;
}

} // namespace

const QList<Case>& KnowledgeBase::cases()
{
    return catalogue().cases;
}

const Case* KnowledgeBase::find(const QString& id)
{
    for (const Case& k : catalogue().cases) {
        if (k.id == id)
            return &k;
    }
    return nullptr;
}

const QList<QRegularExpression>& KnowledgeBase::patterns(const QString& id)
{
    static const QList<QRegularExpression> none;
    const auto it = catalogue().patterns.constFind(id);
    return it == catalogue().patterns.cend() ? none : *it;
}

} // namespace Doctor
