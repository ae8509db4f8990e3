<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/AboutDialog.ui" line="9"/>
        <source>About APM Gatekeeper</source>
        <translation>Über APM Gatekeeper</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui" line="23"/>
        <source>APM Gatekeeper icon</source>
        <translation>APM-Gatekeeper-Symbol</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui" line="52"/>
        <source>Edits Elastic APM Server&apos;s apm-server.yml and explains what APM Server will do with it: which requests it accepts, which settings apply and why, and what to fix before agents can connect securely.</source>
        <translation>Bearbeitet die apm-server.yml von Elastic APM Server und erklärt, was APM Server damit tun wird: welche Anfragen er annimmt, welche Einstellungen gelten und warum, und was zu beheben ist, bevor sich Agenten sicher verbinden können.</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui" line="75"/>
        <source>Licensed under the Apache License 2.0.</source>
        <translation>Lizenziert unter der Apache License 2.0.</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.cpp" line="20"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.cpp" line="22"/>
        <source>Qt %1 (built with %2) · %3</source>
        <translation>Qt %1 (erstellt mit %2) · %3</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.cpp" line="24"/>
        <source>no TLS library loaded</source>
        <translation>keine TLS-Bibliothek geladen</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.cpp" line="25"/>
        <source>Close this window</source>
        <translation>Dieses Fenster schließen</translation>
    </message>
</context>
<context>
    <name>AgentKitPanel</name>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="9"/>
        <source>Agent kits</source>
        <translation>Agenten-Kits</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="19"/>
        <source>What each agent needs to reach the APM Server this document describes: the agent&apos;s exact option names, secrets by reference.</source>
        <translation>Was jeder Agent braucht, um den in diesem Dokument beschriebenen APM Server zu erreichen: die genauen Optionsnamen des Agenten, Geheimnisse als Verweis.</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="28"/>
        <source>&amp;Agent:</source>
        <translation>&amp;Agent:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="34"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="35"/>
        <source>The Elastic APM agent the kit is for; option names and trust settings differ per agent</source>
        <translation>Der Elastic-APM-Agent, für den das Kit bestimmt ist; Optionsnamen und Vertrauenseinstellungen unterscheiden sich je Agent</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="40"/>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="46"/>
        <source>Server URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="47"/>
        <source>The URL agents use to reach APM Server (apm-server.host; https:// when apm-server.ssl.enabled is on). Always written explicitly: the agents&apos; defaults differ.</source>
        <translation>Die URL, über die Agenten APM Server erreichen (apm-server.host; https://, wenn apm-server.ssl.enabled aktiv ist). Wird immer ausdrücklich geschrieben: Die Vorgaben der Agenten unterscheiden sich.</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="52"/>
        <source>&amp;Service name:</source>
        <translation>&amp;Dienstname:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="58"/>
        <source>Service name</source>
        <translation>Dienstname</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="59"/>
        <source>The agent&apos;s service name (ELASTIC_APM_SERVICE_NAME); apm-server.auth.anonymous.allow_service may restrict it</source>
        <translation>Der Dienstname des Agenten (ELASTIC_APM_SERVICE_NAME); apm-server.auth.anonymous.allow_service kann ihn einschränken</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="64"/>
        <source>&amp;Environment:</source>
        <translation>U&amp;mgebung:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="70"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="71"/>
        <source>The agent&apos;s environment (ELASTIC_APM_ENVIRONMENT)</source>
        <translation>Die Umgebung des Agenten (ELASTIC_APM_ENVIRONMENT)</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="76"/>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="82"/>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="83"/>
        <source>Default roots</source>
        <translation>Standard-Stammzertifikate</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="84"/>
        <source>The CA certificate (PEM) agents should trust for apm-server.ssl.certificate; for Java a .p12/.jks trust store</source>
        <translation>Das CA-Zertifikat (PEM), dem Agenten für apm-server.ssl.certificate vertrauen sollen; für Java ein .p12/.jks-Truststore</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="89"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="95"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="96"/>
        <source>Environment variables (ELASTIC_APM_*) or the agent&apos;s own configuration file</source>
        <translation>Umgebungsvariablen (ELASTIC_APM_*) oder die eigene Konfigurationsdatei des Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="109"/>
        <source>Connection kit</source>
        <translation>Verbindungs-Kit</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="112"/>
        <source>The kit: secrets appear as ${NAME} references (apm-server.auth.secret_token), never as values</source>
        <translation>Das Kit: Geheimnisse erscheinen als ${NAME}-Verweise (apm-server.auth.secret_token), nie als Werte</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="126"/>
        <source>&amp;Show secret values</source>
        <translation>&amp;Geheime Werte anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="127"/>
        <source>Show secret values in the kit</source>
        <translation>Geheime Werte im Kit anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="128"/>
        <source>Read the secret token from the keychain and write its value into the kit instead of its ${NAME} reference. Hidden again when you leave the panel; a copy with values is cleared from the clipboard after 30 seconds.</source>
        <translation>Das geheime Token aus dem Schlüsselbund lesen und seinen Wert statt des ${NAME}-Verweises in das Kit schreiben. Wird beim Verlassen des Bereichs wieder verborgen; eine Kopie mit Werten wird nach 30 Sekunden aus der Zwischenablage gelöscht.</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="133"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="134"/>
        <source>Copy the kit</source>
        <translation>Kit kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.ui" line="135"/>
        <source>Copy the kit to the clipboard (it holds references, not secret values)</source>
        <translation>Kopiert das Kit in die Zwischenablage (es enthält Verweise, keine geheimen Werte)</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="27"/>
        <source>Environment variables</source>
        <translation>Umgebungsvariablen</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="28"/>
        <source>Configuration snippet</source>
        <translation>Konfigurationsausschnitt</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="63"/>
        <source>No keychain: values cannot be shown here (the kit keeps ${NAME} references)</source>
        <translation>Kein Schlüsselbund: Werte können hier nicht angezeigt werden (das Kit behält die ${NAME}-Verweise)</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="94"/>
        <source>The document sets no secret token: there is no value to show.</source>
        <translation>Das Dokument setzt kein geheimes Token: Es gibt keinen Wert anzuzeigen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="108"/>
        <source>No keychain: ${%1} cannot be read here.</source>
        <translation>Kein Schlüsselbund: ${%1} kann hier nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="120"/>
        <source>Cannot show ${%1}: %2</source>
        <translation>${%1} kann nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="210"/>
        <source>Goes into: %1</source>
        <translation>Gehört in: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/AgentKitPanel.cpp" line="214"/>
        <source>Source it in the service&apos;s environment (set -a; . ./apm-agent.env)</source>
        <translation>In der Umgebung des Dienstes einlesen (set -a; . ./apm-agent.env)</translation>
    </message>
</context>
<context>
    <name>Agents</name>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="136"/>
        <source>The file holds the secret token in clear text; store it with `apm-gatekeeper token generate --config FILE` and give agents the reference.</source>
        <translation>Die Datei enthält das geheime Token im Klartext; speichern Sie es mit `apm-gatekeeper token generate --config FILE` und geben Sie den Agenten den Verweis.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="139"/>
        <source>The API key value is base64(id:api_key), the Credentials `apm-gatekeeper apikey create` prints; store it with `apm-gatekeeper secret set %1`.</source>
        <translation>Der Wert des API-Schlüssels ist base64(id:api_key), die Anmeldedaten, die `apm-gatekeeper apikey create` ausgibt; speichern Sie ihn mit `apm-gatekeeper secret set %1`.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="169"/>
        <source>Java reads no PEM file: build the trust store with keytool (OpenSSL-made PKCS#12 files are empty for Java): keytool -importcert -noprompt -alias apm-ca -file %1 -keystore %2 -storetype PKCS12 -storepass &quot;$APM_TRUSTSTORE_PASSWORD&quot;</source>
        <translation>Java liest keine PEM-Datei: Erstellen Sie den Truststore mit keytool (mit OpenSSL erzeugte PKCS#12-Dateien sind für Java leer): keytool -importcert -noprompt -alias apm-ca -file %1 -keystore %2 -storetype PKCS12 -storepass &quot;$APM_TRUSTSTORE_PASSWORD&quot;</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="173"/>
        <source>The javax.net.ssl.* properties are JVM-wide: the application&apos;s own HTTPS uses this trust store too; start from a copy of the JDK&apos;s cacerts if it also needs public CAs.</source>
        <translation>Die Eigenschaften javax.net.ssl.* gelten für die ganze JVM: Auch das eigene HTTPS der Anwendung verwendet diesen Truststore; beginnen Sie mit einer Kopie der cacerts des JDK, wenn sie auch öffentliche CAs braucht.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="180"/>
        <source>%1 (since %2) replaces the default roots: a public CA the application also needs must be in %3 too.</source>
        <translation>%1 (seit %2) ersetzt die Standard-Stammzertifikate: Eine öffentliche CA, die die Anwendung ebenfalls braucht, muss auch in %3 stehen.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="184"/>
        <source>PHP trusts only the operating system&apos;s store: sudo cp %1 /usr/local/share/ca-certificates/apm-server-ca.crt &amp;&amp; sudo update-ca-certificates</source>
        <translation>PHP vertraut nur dem Zertifikatsspeicher des Betriebssystems: sudo cp %1 /usr/local/share/ca-certificates/apm-server-ca.crt &amp;&amp; sudo update-ca-certificates</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="188"/>
        <source>.NET has no CA-file option: add %1 to the operating system&apos;s store (Linux: sudo cp %1 /usr/local/share/ca-certificates/apm-server-ca.crt &amp;&amp; sudo update-ca-certificates; Windows: LocalMachine\Root), or pin the server&apos;s own certificate with %2.</source>
        <translation>.NET hat keine Option für eine CA-Datei: Fügen Sie %1 dem Zertifikatsspeicher des Betriebssystems hinzu (Linux: sudo cp %1 /usr/local/share/ca-certificates/apm-server-ca.crt &amp;&amp; sudo update-ca-certificates; Windows: LocalMachine\Root) oder pinnen Sie das eigene Zertifikat des Servers mit %2.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="193"/>
        <source>The browser agent has no trust options: %1 helps only on machines whose browsers trust it; public visitors need a publicly trusted certificate.</source>
        <translation>Der Browser-Agent hat keine Vertrauensoptionen: %1 hilft nur auf Rechnern, deren Browser ihr vertrauen; öffentliche Besucher brauchen ein öffentlich vertrauenswürdiges Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="198"/>
        <source>Trust: %1.</source>
        <translation>Vertrauen: %1.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="200"/>
        <source>Alternative: pin the server&apos;s leaf certificate with %1 (since %2); it must be renewed in the kit with every new server certificate.</source>
        <translation>Alternative: Pinnen Sie das Endzertifikat des Servers mit %1 (seit %2); es muss bei jedem neuen Serverzertifikat im Kit erneuert werden.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="204"/>
        <source>The URL is http://, so the CA file %1 is not used.</source>
        <translation>Die URL ist http://, daher wird die CA-Datei %1 nicht verwendet.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="209"/>
        <source>The document serves plain HTTP (no apm-server.ssl.*): an https:// URL fails the handshake.</source>
        <translation>Das Dokument bedient einfaches HTTP (kein apm-server.ssl.*): Eine https://-URL scheitert am Handshake.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="212"/>
        <source>The document enables TLS (apm-server.ssl.enabled): use an https:// URL; plain HTTP gets a 400 or a reset connection.</source>
        <translation>Das Dokument aktiviert TLS (apm-server.ssl.enabled): Verwenden Sie eine https://-URL; einfaches HTTP erhält 400 oder eine zurückgesetzte Verbindung.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="215"/>
        <source>The credential travels in clear text over http://; enable TLS on APM Server.</source>
        <translation>Die Anmeldedaten gehen über http:// im Klartext; aktivieren Sie TLS in APM Server.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="218"/>
        <source>APM Server requires client certificates (ssl.client_authentication: required) and the %1 agent cannot present one: it will fail the handshake.</source>
        <translation>APM Server verlangt Client-Zertifikate (ssl.client_authentication: required), und der Agent %1 kann keines vorlegen: Er scheitert am Handshake.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="222"/>
        <source>Client certificate: -Djavax.net.ssl.keyStore=&lt;store&gt; -Djavax.net.ssl.keyStorePassword=&lt;pw&gt; -Djavax.net.ssl.keyStoreType=PKCS12 (agent 1.28.3 or later; without keyStoreType none is sent).</source>
        <translation>Client-Zertifikat: -Djavax.net.ssl.keyStore=&lt;store&gt; -Djavax.net.ssl.keyStorePassword=&lt;pw&gt; -Djavax.net.ssl.keyStoreType=PKCS12 (Agent 1.28.3 oder neuer; ohne keyStoreType wird keines gesendet).</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="225"/>
        <source>Client certificate: only from code (transport.HTTPTransportOptions{TLSClientConfig: …}); the TLS environment variables are then ignored.</source>
        <translation>Client-Zertifikat: nur im Code (transport.HTTPTransportOptions{TLSClientConfig: …}); die TLS-Umgebungsvariablen werden dann ignoriert.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="232"/>
        <source>apm-server.rum.enabled is false: the RUM endpoint answers 403.</source>
        <translation>apm-server.rum.enabled ist false: Der RUM-Endpunkt antwortet mit 403.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="234"/>
        <source>A secret token or API keys are set and anonymous access is off: the RUM agent sends no credentials and gets 401 (apm-server.auth.anonymous.enabled).</source>
        <translation>Ein geheimes Token oder API-Schlüssel sind gesetzt und anonymer Zugriff ist aus: Der RUM-Agent sendet keine Anmeldedaten und erhält 401 (apm-server.auth.anonymous.enabled).</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="237"/>
        <source>apm-server.auth.anonymous.allow_agent does not list rum-js: the RUM agent gets 403.</source>
        <translation>apm-server.auth.anonymous.allow_agent enthält rum-js nicht: Der RUM-Agent erhält 403.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="239"/>
        <source>Pages may send from these origins (apm-server.rum.allow_origins): %1.</source>
        <translation>Seiten dürfen von diesen Origins senden (apm-server.rum.allow_origins): %1.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="243"/>
        <source>APM Server requires a secret token or an API key and the kit has none: intake gets 401.</source>
        <translation>APM Server verlangt ein geheimes Token oder einen API-Schlüssel, und das Kit hat keines von beiden: Intake erhält 401.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="245"/>
        <source>Without a credential the %1 agent relies on anonymous access, which apm-server.auth.anonymous.allow_agent does not grant it (403).</source>
        <translation>Ohne Anmeldedaten ist der Agent %1 auf anonymen Zugriff angewiesen, den apm-server.auth.anonymous.allow_agent ihm nicht gewährt (403).</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="250"/>
        <source>Precedence: %1.</source>
        <translation>Vorrang: %1.</translation>
    </message>
    <message>
        <location filename="../app/agents/ConnectionKit.cpp" line="325"/>
        <source>%1 is not in appsettings.json: give it as %2=&quot;${%3}&quot; in the environment (a value in appsettings.json would override it).</source>
        <translation>%1 steht nicht in appsettings.json: Geben Sie es als %2=&quot;${%3}&quot; in der Umgebung an (ein Wert in appsettings.json würde es überschreiben).</translation>
    </message>
</context>
<context>
    <name>ApiKeyTableModel</name>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="29"/>
        <source>invalidated</source>
        <translation>ungültig gemacht</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="31"/>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="32"/>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="62"/>
        <source>Invalidated: APM Server answers 401 for it.</source>
        <translation>Ungültig gemacht: APM Server antwortet darauf mit 401.</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="64"/>
        <source>Expired: APM Server answers 401 for it.</source>
        <translation>Abgelaufen: APM Server antwortet darauf mit 401.</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="65"/>
        <source>Accepted by APM Server for the privileges it holds.</source>
        <translation>Von APM Server für die enthaltenen Berechtigungen akzeptiert.</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="83"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="97"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="99"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="101"/>
        <source>Privileges</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="103"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="105"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../ui/models/ApiKeyTableModel.cpp" line="107"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ApiKeys::ApiKeyRegistry</name>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="44"/>
        <source>The random number generator failed.</source>
        <translation>Der Zufallszahlengenerator ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="163"/>
        <source>The API key registry %1 is damaged; it was left untouched.</source>
        <translation>Die API-Schlüssel-Registry %1 ist beschädigt; sie wurde nicht verändert.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="167"/>
        <source>Repair the file, or move it aside (its previous version may be in %1.bak) and create the keys again.</source>
        <translation>Reparieren Sie die Datei oder verschieben Sie sie (ihre vorige Version liegt eventuell in %1.bak) und erstellen Sie die Schlüssel neu.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="257"/>
        <source>The API key registry %1 was written by a newer version (format %2); it was left untouched.</source>
        <translation>Die API-Schlüssel-Registry %1 wurde von einer neueren Version geschrieben (Format %2); sie wurde nicht verändert.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="263"/>
        <source>Use that newer version of APM Gatekeeper, or point --data-dir elsewhere.</source>
        <translation>Verwenden Sie diese neuere Version von APM Gatekeeper oder geben Sie mit --data-dir einen anderen Ort an.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="305"/>
        <source>No folder for the API key registry.</source>
        <translation>Kein Ordner für die API-Schlüssel-Registry.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="306"/>
        <source>Choose a data folder (--data-dir on the command line).</source>
        <translation>Wählen Sie einen Datenordner (--data-dir auf der Befehlszeile).</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="312"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="314"/>
        <source>Check the permissions of its parent folder.</source>
        <translation>Prüfen Sie die Berechtigungen des übergeordneten Ordners.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="335"/>
        <source>The API key registry %1 is locked by another process.</source>
        <translation>Die API-Schlüssel-Registry %1 ist von einem anderen Prozess gesperrt.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="339"/>
        <source>Try again; if no other apm-gatekeeper is running, delete %1.</source>
        <translation>Versuchen Sie es erneut; wenn kein anderes apm-gatekeeper läuft, löschen Sie %1.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="373"/>
        <source>An API key needs a name.</source>
        <translation>Ein API-Schlüssel braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="377"/>
        <source>An API key name may have at most %1 characters.</source>
        <translation>Der Name eines API-Schlüssels darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="383"/>
        <source>An API key needs at least one privilege.</source>
        <translation>Ein API-Schlüssel braucht mindestens eine Berechtigung.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/ApiKeyRegistry.cpp" line="385"/>
        <source>The expiration must be in the future.</source>
        <translation>Der Ablauf muss in der Zukunft liegen.</translation>
    </message>
</context>
<context>
    <name>ApiKeys::Credentials</name>
    <message>
        <location filename="../app/apikeys/Credentials.cpp" line="108"/>
        <source>The credentials are not valid base64.</source>
        <translation>Die Anmeldedaten sind kein gültiges Base64.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Credentials.cpp" line="110"/>
        <source>Use the credentials `apikey create` printed: base64(id:api_key), standard alphabet with &apos;=&apos; padding.</source>
        <translation>Verwenden Sie die Anmeldedaten, die `apikey create` ausgegeben hat: base64(id:api_key), Standardalphabet mit „=“-Auffüllung.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Credentials.cpp" line="116"/>
        <source>The decoded credentials have no &apos;:&apos; between id and key.</source>
        <translation>Die dekodierten Anmeldedaten enthalten kein „:“ zwischen ID und Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Credentials.cpp" line="117"/>
        <source>Encode &quot;id:api_key&quot;, not the API key alone.</source>
        <translation>Kodieren Sie &quot;id:api_key&quot;, nicht den API-Schlüssel allein.</translation>
    </message>
</context>
<context>
    <name>ApiKeys::Expiration</name>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="34"/>
        <source>Invalid expiration &apos;%1&apos;: %2.</source>
        <translation>Ungültiger Ablauf „%1“: %2.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="35"/>
        <source>Use a whole number with a unit ms, s, m, h, d or w, e.g. 1d or 12h.</source>
        <translation>Verwenden Sie eine ganze Zahl mit einer Einheit ms, s, m, h, d oder w, z. B. 1d oder 12h.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="41"/>
        <source>it is empty</source>
        <translation>er ist leer</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="53"/>
        <source>fractional values are not supported</source>
        <translation>Bruchzahlen werden nicht unterstützt</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="55"/>
        <location filename="../app/apikeys/Expiration.cpp" line="64"/>
        <source>it must be positive</source>
        <translation>er muss positiv sein</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="57"/>
        <source>&apos;%1&apos; is not a whole number</source>
        <translation>„%1“ ist keine ganze Zahl</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="62"/>
        <source>it is longer than 1000 years</source>
        <translation>er ist länger als 1000 Jahre</translation>
    </message>
    <message>
        <location filename="../app/apikeys/Expiration.cpp" line="67"/>
        <source>the unit is missing or unknown</source>
        <translation>die Einheit fehlt oder ist unbekannt</translation>
    </message>
</context>
<context>
    <name>ApiKeys::SecretHash</name>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="47"/>
        <source>PBKDF2 is not available in OpenSSL.</source>
        <translation>PBKDF2 ist in OpenSSL nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="51"/>
        <source>Cannot set up PBKDF2.</source>
        <translation>PBKDF2 kann nicht eingerichtet werden.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="71"/>
        <source>PBKDF2 failed.</source>
        <translation>PBKDF2 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="82"/>
        <source>The hash iteration count %1 is outside %2…%3.</source>
        <translation>Die Anzahl der Hash-Iterationen %1 liegt außerhalb von %2…%3.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="93"/>
        <source>The random number generator failed.</source>
        <translation>Der Zufallszahlengenerator ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/apikeys/SecretHash.cpp" line="107"/>
        <source>The stored hash uses an unsupported algorithm or parameters.</source>
        <translation>Der gespeicherte Hash verwendet einen nicht unterstützten Algorithmus oder nicht unterstützte Parameter.</translation>
    </message>
</context>
<context>
    <name>ApiKeysPanel</name>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="9"/>
        <source>API keys</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="20"/>
        <source>Accept API &amp;keys</source>
        <translation>API-&amp;Schlüssel annehmen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="21"/>
        <source>API keys enabled</source>
        <translation>API-Schlüssel aktiviert</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="22"/>
        <source>apm-server.auth.api_key.enabled: agents may send Authorization: ApiKey &lt;credentials&gt;</source>
        <translation>apm-server.auth.api_key.enabled: Agenten dürfen Authorization: ApiKey &lt;credentials&gt; senden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="27"/>
        <source>&amp;Limit:</source>
        <translation>&amp;Limit:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="33"/>
        <source>API key limit</source>
        <translation>API-Schlüssel-Limit</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="34"/>
        <source>apm-server.auth.api_key.limit: how many distinct keys APM Server checks with Elasticsearch per minute (default 100)</source>
        <translation>apm-server.auth.api_key.limit: wie viele verschiedene Schlüssel APM Server pro Minute bei Elasticsearch prüft (Standard 100)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="41"/>
        <source>A&amp;pply to document</source>
        <translation>Auf Dokument an&amp;wenden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="42"/>
        <source>Writes apm-server.auth.api_key.enabled and apm-server.auth.api_key.limit into the document</source>
        <translation>Schreibt apm-server.auth.api_key.enabled und apm-server.auth.api_key.limit in das Dokument</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="59"/>
        <source>API keys in the local registry</source>
        <translation>API-Schlüssel in der lokalen Registry</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="60"/>
        <source>The keys of the local registry the embedded stub checks; secrets are never shown here</source>
        <translation>Die Schlüssel der lokalen Registry, die der eingebettete Stub prüft; Geheimnisse werden hier nie angezeigt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="77"/>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="78"/>
        <source>Reads the registry again (the CLI may have changed it)</source>
        <translation>Liest die Registry erneut ein (die Befehlszeile kann sie geändert haben)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="83"/>
        <source>&amp;Invalidate…</source>
        <translation>&amp;Ungültig machen …</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="84"/>
        <source>Invalidates the selected key after asking; it stays listed, and APM Server answers 401 for it</source>
        <translation>Macht den ausgewählten Schlüssel nach Rückfrage ungültig; er bleibt aufgeführt, und APM Server antwortet für ihn mit 401</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="93"/>
        <source>&amp;Create</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="97"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="103"/>
        <source>Key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="104"/>
        <source>A name for the key (names need not be unique, as in Elasticsearch)</source>
        <translation>Ein Name für den Schlüssel (Namen müssen nicht eindeutig sein, wie in Elasticsearch)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="105"/>
        <source>apm-key</source>
        <translation>apm-key</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="110"/>
        <source>Privileges:</source>
        <translation>Berechtigungen:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="117"/>
        <source>&amp;event:write — send events (POST /intake/v2/events)</source>
        <translation>e&amp;vent:write — Ereignisse senden (POST /intake/v2/events)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="118"/>
        <source>Privilege event:write</source>
        <translation>Berechtigung event:write</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="119"/>
        <source>Needed by every agent to send traces, errors and metrics to /intake/v2/events</source>
        <translation>Von jedem Agenten benötigt, um Traces, Fehler und Metriken an /intake/v2/events zu senden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="125"/>
        <source>c&amp;onfig_agent:read — central configuration (GET /config/v1/agents)</source>
        <translation>c&amp;onfig_agent:read — zentrale Konfiguration (GET /config/v1/agents)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="126"/>
        <source>Privilege config_agent:read</source>
        <translation>Berechtigung config_agent:read</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="127"/>
        <source>Needed for agents to poll central configuration at /config/v1/agents; without it they get 403</source>
        <translation>Nötig, damit Agenten die zentrale Konfiguration unter /config/v1/agents abfragen können; ohne sie erhalten sie 403</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="133"/>
        <source>&amp;sourcemap:write — upload source maps (7.x POST /assets/v1/sourcemaps)</source>
        <translation>sour&amp;cemap:write — Source Maps hochladen (7.x POST /assets/v1/sourcemaps)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="134"/>
        <source>Privilege sourcemap:write</source>
        <translation>Berechtigung sourcemap:write</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="135"/>
        <source>Needed to upload RUM source maps to APM Server 7.x at /assets/v1/sourcemaps (8.x uploads go to Kibana)</source>
        <translation>Nötig, um RUM-Source-Maps unter /assets/v1/sourcemaps zu APM Server 7.x hochzuladen (bei 8.x gehen Uploads an Kibana)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="142"/>
        <source>E&amp;xpires in:</source>
        <translation>Läu&amp;ft ab in:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="148"/>
        <source>Expiration</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="149"/>
        <source>A lifetime such as 30d, 12h or 3w (like apikey create --expiration); empty: never expires</source>
        <translation>Eine Lebensdauer wie 30d, 12h oder 3w (wie apikey create --expiration); leer: läuft nie ab</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="150"/>
        <source>never (or e.g. 30d, 12h, 3w)</source>
        <translation>nie (oder z. B. 30d, 12h, 3w)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="157"/>
        <source>Create &amp;key</source>
        <translation>Schlüssel ers&amp;tellen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="158"/>
        <source>Creates the key in the local registry and shows its credentials once</source>
        <translation>Erstellt den Schlüssel in der lokalen Registry und zeigt seine Anmeldedaten einmal an</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="171"/>
        <source>&amp;Verify</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="177"/>
        <source>C&amp;redentials:</source>
        <translation>&amp;Anmeldedaten:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="183"/>
        <source>Credentials to verify</source>
        <translation>Zu prüfende Anmeldedaten</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="184"/>
        <source>Paste base64(id:api_key), what agents send as Authorization: ApiKey &lt;credentials&gt;</source>
        <translation>Fügen Sie base64(id:api_key) ein, das, was Agenten als Authorization: ApiKey &lt;credentials&gt; senden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="190"/>
        <source>Verif&amp;y</source>
        <translation>Prü&amp;fen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="191"/>
        <source>Which privileges the key grants, and APM Server&apos;s 401 text when it grants none</source>
        <translation>Welche Berechtigungen der Schlüssel gewährt, und der 401-Text von APM Server, wenn er keine gewährt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="198"/>
        <source>Verification result</source>
        <translation>Prüfergebnis</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="211"/>
        <source>On &amp;Elasticsearch</source>
        <translation>Bei Elasticsea&amp;rch</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="216"/>
        <source>A real APM Server checks keys with Elasticsearch. The same key there (name, privileges and expiration from the Create tab), for Kibana Dev Tools or curl:</source>
        <translation>Ein echter APM Server prüft Schlüssel bei Elasticsearch. Derselbe Schlüssel dort (Name, Berechtigungen und Ablauf aus dem Reiter „Erstellen“), für die Kibana Dev Tools oder curl:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="223"/>
        <source>Request format</source>
        <translation>Anfrageformat</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="224"/>
        <source>Kibana Dev Tools console text, or a curl command line</source>
        <translation>Konsolentext für die Kibana Dev Tools oder eine curl-Befehlszeile</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="225"/>
        <source>Kibana Dev Tools</source>
        <translation>Kibana Dev Tools</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="226"/>
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="231"/>
        <source>Co&amp;py request</source>
        <translation>Anfrage k&amp;opieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="232"/>
        <source>Copies the request text (it holds no secret)</source>
        <translation>Kopiert den Anfragetext (er enthält kein Geheimnis)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.ui" line="244"/>
        <source>Elasticsearch request</source>
        <translation>Elasticsearch-Anfrage</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="153"/>
        <source>Not applied yet.</source>
        <translation>Noch nicht angewendet.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="155"/>
        <source>API keys are accepted: %1 (%2).</source>
        <translation>API-Schlüssel werden angenommen: %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="155"/>
        <source>API keys are off: %1 (%2).</source>
        <translation>API-Schlüssel sind aus: %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="158"/>
        <source>Agents sending Authorization: ApiKey get 401 &quot;authentication failed&quot; while this is off.</source>
        <translation>Agenten, die Authorization: ApiKey senden, erhalten 401 &quot;authentication failed&quot;, solange dies aus ist.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="174"/>
        <source>%n key(s) in %1 (shared with the apikey command and the stub)</source>
        <translation>
            <numerusform>%n Schlüssel in %1 (gemeinsam mit dem Befehl apikey und dem Stub)</numerusform>
            <numerusform>%n Schlüssel in %1 (gemeinsam mit dem Befehl apikey und dem Stub)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="209"/>
        <source>Choose at least one privilege.</source>
        <translation>Wählen Sie mindestens eine Berechtigung.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="244"/>
        <source>API key created</source>
        <translation>API-Schlüssel erstellt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="247"/>
        <source>These credentials are shown only once: the registry keeps only a hash of the secret. Agents send the credentials as Authorization: ApiKey &lt;credentials&gt; (ELASTIC_APM_API_KEY).</source>
        <translation>Diese Anmeldedaten werden nur einmal angezeigt: Die Registry speichert nur einen Hash des Geheimnisses. Agenten senden die Anmeldedaten als Authorization: ApiKey &lt;credentials&gt; (ELASTIC_APM_API_KEY).</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="261"/>
        <source>Secret: copy it now; it cannot be shown again</source>
        <translation>Geheimnis: jetzt kopieren; es kann nicht erneut angezeigt werden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="267"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="268"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="269"/>
        <source>Credentials</source>
        <translation>Anmeldedaten</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="272"/>
        <source>&amp;Copy credentials</source>
        <translation>Anmeldedaten &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="274"/>
        <source>Copies the credentials; the clipboard is cleared after 30 s if it still holds them</source>
        <translation>Kopiert die Anmeldedaten; die Zwischenablage wird nach 30 s geleert, wenn sie sie dann noch enthält</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="280"/>
        <source>Keep in the keychain as:</source>
        <translation>Im Schlüsselbund ablegen als:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="283"/>
        <source>Keychain entry name</source>
        <translation>Name des Schlüsselbund-Eintrags</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="284"/>
        <source>Agent kits and probes refer to it as ${NAME}; the value stays out of every file</source>
        <translation>Agenten-Kits und Verbindungstests verweisen darauf als ${NAME}; der Wert bleibt aus allen Dateien heraus</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="286"/>
        <source>&amp;Keep</source>
        <translation>&amp;Ablegen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="288"/>
        <source>Stores the credentials in the keychain (%1) for probing</source>
        <translation>Legt die Anmeldedaten im Schlüsselbund (%1) für Verbindungstests ab</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="300"/>
        <source>&apos;%1&apos; cannot be written as ${NAME}: use letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation>„%1“ kann nicht als ${NAME} geschrieben werden: Verwenden Sie Buchstaben, Ziffern, „_“, „.“ oder „-“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="312"/>
        <source>Stored in the keychain as %1; refer to it as ${%1}.</source>
        <translation>Im Schlüsselbund als %1 abgelegt; verweisen Sie darauf mit ${%1}.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="333"/>
        <source>Invalidate API key</source>
        <translation>API-Schlüssel ungültig machen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="334"/>
        <source>Invalidate the key &apos;%1&apos; (id %2)? Agents using it get 401 from then on; this cannot be undone.</source>
        <translation>Den Schlüssel „%1“ (ID %2) ungültig machen? Agenten, die ihn verwenden, erhalten ab dann 401; dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="366"/>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="373"/>
        <source>There is no API key with id &apos;%1&apos; in %2.</source>
        <translation>In %2 gibt es keinen API-Schlüssel mit der ID „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="376"/>
        <source>The API key does not match the key with id &apos;%1&apos;.</source>
        <translation>Der API-Schlüssel passt nicht zum Schlüssel mit der ID „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="379"/>
        <source>The API key &apos;%1&apos; has expired.</source>
        <translation>Der API-Schlüssel „%1“ ist abgelaufen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="382"/>
        <source>The API key &apos;%1&apos; has been invalidated.</source>
        <translation>Der API-Schlüssel „%1“ wurde ungültig gemacht.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="401"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="401"/>
        <source>granted</source>
        <translation>gewährt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="401"/>
        <source>not granted</source>
        <translation>nicht gewährt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ApiKeysPanel.cpp" line="403"/>
        <source>APM Server would answer 401 {&quot;error&quot;: &quot;%1&quot;}</source>
        <translation>APM Server würde 401 {&quot;error&quot;: &quot;%1&quot;} antworten</translation>
    </message>
</context>
<context>
    <name>Config::ApmServerYaml</name>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="934"/>
        <source>Cannot change %1: the file sets it through dotted keys below it; edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Die Datei setzt es über gepunktete Schlüssel darunter; bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="965"/>
        <source>Cannot change %1: its place in the file could not be located safely; edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Seine Stelle in der Datei ließ sich nicht sicher bestimmen; bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="973"/>
        <source>Cannot change %1: it is part of a YAML anchor or alias (&amp; or *); edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Es ist Teil eines YAML-Ankers oder -Alias (&amp; oder *); bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="981"/>
        <source>Cannot change %1: its section is written in flow style ({ … }); edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Sein Abschnitt ist im Flow-Stil geschrieben ({ … }); bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1052"/>
        <source>Cannot change %1: its value carries a YAML tag (!); edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Sein Wert trägt ein YAML-Tag (!); bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1196"/>
        <source>Cannot add %1: %2 already has a value that is not a section of settings.</source>
        <translation>%1 kann nicht hinzugefügt werden: %2 hat bereits einen Wert, der kein Abschnitt mit Einstellungen ist.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1253"/>
        <source>The configuration is not valid YAML: the problem is at line %1, column %2.</source>
        <translation>Die Konfiguration ist kein gültiges YAML: Das Problem liegt in Zeile %1, Spalte %2.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1257"/>
        <source>%1 is not valid YAML: the problem is at line %2, column %3.</source>
        <translation>%1 ist kein gültiges YAML: Das Problem liegt in Zeile %2, Spalte %3.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1263"/>
        <source>Check the indentation (spaces, not tabs), quotes and brackets near that position.</source>
        <translation>Prüfen Sie Einrückung (Leerzeichen, keine Tabulatoren), Anführungszeichen und Klammern in der Nähe dieser Stelle.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1285"/>
        <source>Cannot change %1: the edit could not be placed safely; edit it by hand.</source>
        <translation>%1 kann nicht geändert werden: Die Änderung ließ sich nicht sicher einfügen; bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1291"/>
        <source>Cannot change %1: the result would not be valid YAML, so the file was left unchanged.</source>
        <translation>%1 kann nicht geändert werden: Das Ergebnis wäre kein gültiges YAML, daher wurde die Datei nicht verändert.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1300"/>
        <source>Cannot change %1: the file would not read back the new value, so it was left unchanged.</source>
        <translation>%1 kann nicht geändert werden: Die Datei würde den neuen Wert nicht zurücklesen, daher wurde sie nicht verändert.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1307"/>
        <source>Cannot remove %1: it is still set after the edit, so the file was left unchanged.</source>
        <translation>%1 kann nicht entfernt werden: Es ist nach der Änderung noch gesetzt, daher wurde die Datei nicht verändert.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1323"/>
        <source>Cannot change %1 without also changing other settings; edit it by hand.</source>
        <translation>%1 kann nicht geändert werden, ohne auch andere Einstellungen zu ändern; bearbeiten Sie es von Hand.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1377"/>
        <source>The configuration</source>
        <translation>Die Konfiguration</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1380"/>
        <source>%1 must contain settings (key: value) at the top level, not a list or a single value.</source>
        <translation>%1 muss auf oberster Ebene Einstellungen (key: value) enthalten, keine Liste und keinen einzelnen Wert.</translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1442"/>
        <location filename="../app/config/ApmServerYaml.cpp" line="1458"/>
        <source>“%1” is not a valid setting name.</source>
        <translation>„%1“ ist kein gültiger Einstellungsname.</translation>
    </message>
</context>
<context>
    <name>Config::ConfigLinter</name>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="76"/>
        <source>allow_origins contains &apos;*&apos;: any web site can send RUM events to this server.</source>
        <translation>allow_origins enthält „*“: Jede Website kann RUM-Ereignisse an diesen Server senden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="79"/>
        <source>List the exact origins of your pages, e.g. https://shop.example.com.</source>
        <translation>Führen Sie die genauen Origins Ihrer Seiten auf, z. B. https://shop.example.com.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="87"/>
        <source>allow_origins entry %1 contains quote characters, so it never matches a browser&apos;s Origin.</source>
        <translation>Der allow_origins-Eintrag %1 enthält Anführungszeichen und passt daher nie auf den Origin eines Browsers.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="91"/>
        <source>Write the origin without extra quotes: - https://shop.example.com</source>
        <translation>Schreiben Sie den Origin ohne zusätzliche Anführungszeichen: - https://shop.example.com</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="98"/>
        <source>allow_origins entry &apos;%1&apos; contains spaces; origins are matched exactly.</source>
        <translation>Der allow_origins-Eintrag „%1“ enthält Leerzeichen; Origins werden exakt verglichen.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="101"/>
        <source>Remove the spaces.</source>
        <translation>Entfernen Sie die Leerzeichen.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="108"/>
        <source>allow_origins entry &apos;%1&apos; has no scheme; a browser&apos;s Origin always starts with http:// or https://.</source>
        <translation>Der allow_origins-Eintrag „%1“ hat kein Schema; der Origin eines Browsers beginnt immer mit http:// oder https://.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="112"/>
        <source>Write https://%1 (or http:// for plain HTTP pages).</source>
        <translation>Schreiben Sie https://%1 (oder http:// für Seiten mit einfachem HTTP).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="120"/>
        <source>allow_origins entry &apos;%1&apos; has no host.</source>
        <translation>Der allow_origins-Eintrag „%1“ hat keinen Host.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="121"/>
        <source>Add the host name of your pages.</source>
        <translation>Fügen Sie den Hostnamen Ihrer Seiten hinzu.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="128"/>
        <source>allow_origins entry &apos;%1&apos; ends with &apos;/&apos;; a browser&apos;s Origin never does, so it never matches.</source>
        <translation>Der allow_origins-Eintrag „%1“ endet mit „/“; der Origin eines Browsers nie, daher passt er nie.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="132"/>
        <source>Remove the trailing slash: %1</source>
        <translation>Entfernen Sie den abschließenden Schrägstrich: %1</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="138"/>
        <source>allow_origins entry &apos;%1&apos; has a path; an Origin is only scheme://host[:port], so it never matches.</source>
        <translation>Der allow_origins-Eintrag „%1“ hat einen Pfad; ein Origin ist nur scheme://host[:port], daher passt er nie.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="142"/>
        <source>Use %1://%2</source>
        <translation>Verwenden Sie %1://%2</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="167"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="168"/>
        <source>Correct the value&apos;s type.</source>
        <translation>Korrigieren Sie den Typ des Werts.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="178"/>
        <source>Fix this setting; APM Server will not start with it.</source>
        <translation>Korrigieren Sie diese Einstellung; damit startet APM Server nicht.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="181"/>
        <source>Set auth.anonymous.rate_limit.ip_limit to a positive number (default 1000).</source>
        <translation>Setzen Sie auth.anonymous.rate_limit.ip_limit auf eine positive Zahl (Standard 1000).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="185"/>
        <source>Rename the key as the message says.</source>
        <translation>Benennen Sie den Schlüssel um, wie in der Meldung angegeben.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="188"/>
        <source>Set ssl.certificate and ssl.key, or set ssl.enabled: false.</source>
        <translation>Setzen Sie ssl.certificate und ssl.key oder setzen Sie ssl.enabled: false.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="192"/>
        <source>APM Server will not start: %1</source>
        <translation>APM Server startet nicht: %1</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="203"/>
        <source>A secret token is set but TLS is off: agents send it in clear text over the network.</source>
        <translation>Ein geheimes Token ist gesetzt, aber TLS ist aus: Agenten senden es im Klartext über das Netzwerk.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="206"/>
        <source>Enable TLS (apm-server.ssl) or keep the server on a trusted network only.</source>
        <translation>Aktivieren Sie TLS (apm-server.ssl) oder betreiben Sie den Server nur in einem vertrauenswürdigen Netzwerk.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="212"/>
        <source>The secret token is written in clear text in the file.</source>
        <translation>Das geheime Token steht im Klartext in der Datei.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="214"/>
        <source>Store it in APM Server&apos;s keystore (apm-server keystore add APM_SECRET_TOKEN) or an environment variable, and write secret_token: ${APM_SECRET_TOKEN}.</source>
        <translation>Legen Sie es im Keystore von APM Server (apm-server keystore add APM_SECRET_TOKEN) oder in einer Umgebungsvariable ab und schreiben Sie secret_token: ${APM_SECRET_TOKEN}.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="222"/>
        <source>The secret token is the literal word &apos;%1&apos;; agents must send exactly that.</source>
        <translation>Das geheime Token ist das wörtliche Wort „%1“; Agenten müssen genau das senden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="226"/>
        <source>Remove the key to disable the token, or generate a real one.</source>
        <translation>Entfernen Sie den Schlüssel, um das Token zu deaktivieren, oder erzeugen Sie ein echtes.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="231"/>
        <source>The secret token contains whitespace; agents and environment variables often strip it, giving 401 &apos;authentication failed&apos;.</source>
        <translation>Das geheime Token enthält Leerraum; Agenten und Umgebungsvariablen entfernen ihn oft, was zu 401 &apos;authentication failed&apos; führt.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="235"/>
        <source>Generate a token without whitespace.</source>
        <translation>Erzeugen Sie ein Token ohne Leerraum.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="240"/>
        <source>The secret token is only %1 characters long.</source>
        <translation>Das geheime Token ist nur %1 Zeichen lang.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="242"/>
        <source>Use at least 32 random characters (the Secrets panel generates one).</source>
        <translation>Verwenden Sie mindestens 32 zufällige Zeichen (der Bereich „Geheimnisse“ erzeugt eines).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="250"/>
        <source>The key passphrase is written in clear text in the file.</source>
        <translation>Die Passphrase des Schlüssels steht im Klartext in der Datei.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="252"/>
        <source>Keep it in APM Server&apos;s keystore and write key_passphrase: ${SSL_KEY_PASSPHRASE}.</source>
        <translation>Legen Sie sie im Keystore von APM Server ab und schreiben Sie key_passphrase: ${SSL_KEY_PASSPHRASE}.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="262"/>
        <source>auth.anonymous settings have no effect: without a secret token or API keys every request is allowed.</source>
        <translation>auth.anonymous-Einstellungen haben keine Wirkung: Ohne geheimes Token oder API-Schlüssel wird jede Anfrage zugelassen.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="265"/>
        <source>Set a secret token or enable API keys, or remove the anonymous settings.</source>
        <translation>Setzen Sie ein geheimes Token, aktivieren Sie API-Schlüssel oder entfernen Sie die anonymen Einstellungen.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="271"/>
        <source>APM Server 7.15 turns anonymous access off because auth.anonymous.* keys are set without auth.anonymous.enabled: the RUM agent will get 401.</source>
        <translation>APM Server 7.15 schaltet anonymen Zugriff ab, weil auth.anonymous.*-Schlüssel ohne auth.anonymous.enabled gesetzt sind: Der RUM-Agent erhält 401.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="275"/>
        <source>Add auth.anonymous.enabled: true.</source>
        <translation>Fügen Sie auth.anonymous.enabled: true hinzu.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="282"/>
        <source>RUM is enabled but anonymous access is off: browsers cannot send a token, so RUM requests get 401.</source>
        <translation>RUM ist aktiviert, aber anonymer Zugriff ist aus: Browser können kein Token senden, daher erhalten RUM-Anfragen 401.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="285"/>
        <source>Set auth.anonymous.enabled: true (restricted by allow_agent/allow_service).</source>
        <translation>Setzen Sie auth.anonymous.enabled: true (eingeschränkt durch allow_agent/allow_service).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="292"/>
        <source>event_limit is %1: every anonymous request is answered 429 (rate 0, burst 0).</source>
        <translation>event_limit ist %1: Jede anonyme Anfrage wird mit 429 beantwortet (Rate 0, Burst 0).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="296"/>
        <source>Set event_limit to a positive number (default 300).</source>
        <translation>Setzen Sie event_limit auf eine positive Zahl (Standard 300).</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="303"/>
        <source>Anonymous capacity: %1 events/s per client IP (bursts of %2), for up to %3 IPs (about %4 events/s in total). Clients behind one NAT or proxy share one limit.</source>
        <translation>Anonyme Kapazität: %1 Ereignisse/s pro Client-IP (Bursts von %2), für bis zu %3 IPs (insgesamt etwa %4 Ereignisse/s). Clients hinter einem NAT oder Proxy teilen sich ein Limit.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="311"/>
        <source>Raise event_limit for busy pages behind NAT; the client IP comes from Forwarded/X-Real-Ip/X-Forwarded-For headers, which clients can spoof unless a proxy rewrites them.</source>
        <translation>Erhöhen Sie event_limit für stark besuchte Seiten hinter NAT; die Client-IP stammt aus den Headern Forwarded/X-Real-Ip/X-Forwarded-For, die Clients fälschen können, sofern kein Proxy sie umschreibt.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="319"/>
        <source>allow_agent does not contain rum-js: the browser agent&apos;s events will be refused with 403.</source>
        <translation>allow_agent enthält rum-js nicht: Die Ereignisse des Browser-Agenten werden mit 403 abgewiesen.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="322"/>
        <source>Add rum-js (and js-base) to allow_agent.</source>
        <translation>Fügen Sie rum-js (und js-base) zu allow_agent hinzu.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="328"/>
        <source>allow_agent is empty: any agent, backend agents included, may send data without credentials.</source>
        <translation>allow_agent ist leer: Jeder Agent, auch Backend-Agenten, darf Daten ohne Anmeldedaten senden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="331"/>
        <source>List only the browser agents: [rum-js, js-base].</source>
        <translation>Führen Sie nur die Browser-Agenten auf: [rum-js, js-base].</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="345"/>
        <source>rum.* settings are present but RUM is disabled: the RUM endpoints answer 403.</source>
        <translation>rum.*-Einstellungen sind vorhanden, aber RUM ist deaktiviert: Die RUM-Endpunkte antworten mit 403.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="348"/>
        <source>Set rum.enabled: true if you use the browser agent.</source>
        <translation>Setzen Sie rum.enabled: true, wenn Sie den Browser-Agenten verwenden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="359"/>
        <source>%1 is enabled; it is deprecated and weak.</source>
        <translation>%1 ist aktiviert; es ist veraltet und schwach.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="362"/>
        <source>%1 is enabled by APM Server&apos;s default protocol list.</source>
        <translation>%1 ist durch die Standard-Protokollliste von APM Server aktiviert.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="365"/>
        <source>Set supported_protocols: [TLSv1.2, TLSv1.3].</source>
        <translation>Setzen Sie supported_protocols: [TLSv1.2, TLSv1.3].</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="373"/>
        <source>certificate_authorities is set without client_authentication, so client certificates are required: agents without one fail the TLS handshake.</source>
        <translation>certificate_authorities ist ohne client_authentication gesetzt, daher sind Client-Zertifikate erforderlich: Agenten ohne eines scheitern am TLS-Handshake.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="377"/>
        <source>Set client_authentication: required if that is intended, or none/optional, or remove the CA list.</source>
        <translation>Setzen Sie client_authentication: required, wenn das beabsichtigt ist, oder none/optional, oder entfernen Sie die CA-Liste.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="384"/>
        <source>Client authentication is %1 but no certificate_authorities are set: client certificates are verified against the host&apos;s system roots.</source>
        <translation>Die Client-Authentifizierung ist %1, aber es sind keine certificate_authorities gesetzt: Client-Zertifikate werden gegen die Stammzertifikate des Systems geprüft.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="389"/>
        <source>Add the CA that issued your agents&apos; client certificates to certificate_authorities.</source>
        <translation>Fügen Sie die CA, die die Client-Zertifikate Ihrer Agenten ausgestellt hat, zu certificate_authorities hinzu.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="396"/>
        <source>ssl.enabled is false, so the certificate settings are ignored and agents connect over plain HTTP.</source>
        <translation>ssl.enabled ist false, daher werden die Zertifikatseinstellungen ignoriert und Agenten verbinden sich über einfaches HTTP.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="399"/>
        <source>Remove ssl.enabled: false to turn TLS on.</source>
        <translation>Entfernen Sie ssl.enabled: false, um TLS einzuschalten.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="406"/>
        <source>No secret token and no API keys: APM Server accepts every request, whatever credentials it carries.</source>
        <translation>Kein geheimes Token und keine API-Schlüssel: APM Server nimmt jede Anfrage an, egal welche Anmeldedaten sie trägt.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="409"/>
        <source>Fine on loopback for a first test; set auth.secret_token (as a ${NAME} reference) before agents on other hosts connect.</source>
        <translation>Auf Loopback für einen ersten Test in Ordnung; setzen Sie auth.secret_token (als ${NAME}-Verweis), bevor sich Agenten auf anderen Hosts verbinden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="417"/>
        <source>The server listens on %1 without any authentication: anyone who reaches it can send data.</source>
        <translation>Der Server lauscht auf %1 ohne jede Authentifizierung: Jeder, der ihn erreicht, kann Daten senden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="421"/>
        <source>Set a secret token or API keys, or listen on a loopback address.</source>
        <translation>Setzen Sie ein geheimes Token oder API-Schlüssel oder lauschen Sie auf einer Loopback-Adresse.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="426"/>
        <source>The server listens on %1 without TLS: credentials and data cross the network in clear text.</source>
        <translation>Der Server lauscht auf %1 ohne TLS: Anmeldedaten und Daten gehen im Klartext über das Netzwerk.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="430"/>
        <source>Enable TLS.</source>
        <translation>Aktivieren Sie TLS.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="436"/>
        <source>expvar/pprof endpoints are enabled; they need no authentication at all.</source>
        <translation>expvar/pprof-Endpunkte sind aktiviert; sie brauchen überhaupt keine Authentifizierung.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="438"/>
        <source>Disable them in production.</source>
        <translation>Deaktivieren Sie sie im Produktivbetrieb.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="443"/>
        <source>auth.api_key.limit is %1; 8.19 then uses 8192, 7.15 refuses every key.</source>
        <translation>auth.api_key.limit ist %1; 8.19 verwendet dann 8192, 7.15 weist jeden Schlüssel ab.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="446"/>
        <source>Set it to at least the number of distinct API keys your agents use.</source>
        <translation>Setzen Sie es mindestens auf die Anzahl verschiedener API-Schlüssel, die Ihre Agenten verwenden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="453"/>
        <source>Agent central configuration answers 403 under 7.15 unless apm-server.kibana is enabled.</source>
        <translation>Die zentrale Agentenkonfiguration antwortet unter 7.15 mit 403, sofern apm-server.kibana nicht aktiviert ist.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="456"/>
        <source>Enable apm-server.kibana if you use central configuration.</source>
        <translation>Aktivieren Sie apm-server.kibana, wenn Sie die zentrale Konfiguration verwenden.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="467"/>
        <source>apm-server.%1 is deprecated and removed in 8.0.</source>
        <translation>apm-server.%1 ist veraltet und in 8.0 entfernt.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="470"/>
        <source>Use apm-server.%1 instead.</source>
        <translation>Verwenden Sie stattdessen apm-server.%1.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="498"/>
        <source>apm-server.%1 is not a setting APM Server knows; it is ignored.</source>
        <translation>apm-server.%1 ist keine Einstellung, die APM Server kennt; sie wird ignoriert.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="501"/>
        <source>apm-server.%1 is not a setting APM Server knows; did you mean apm-server.%2?</source>
        <translation>apm-server.%1 ist keine Einstellung, die APM Server kennt; meinten Sie apm-server.%2?</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="506"/>
        <source>Check the spelling against the APM Server reference.</source>
        <translation>Prüfen Sie die Schreibweise anhand der APM-Server-Referenz.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="508"/>
        <source>Rename it to apm-server.%1.</source>
        <translation>Benennen Sie sie in apm-server.%1 um.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="524"/>
        <source>&apos;%1&apos; is at the top level of the file; APM Server only reads it under apm-server:, so it is ignored.</source>
        <translation>„%1“ steht auf oberster Ebene der Datei; APM Server liest es nur unter apm-server:, daher wird es ignoriert.</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="529"/>
        <source>Indent it under apm-server: (apm-server.%1).</source>
        <translation>Rücken Sie es unter apm-server: ein (apm-server.%1).</translation>
    </message>
</context>
<context>
    <name>Config::Document</name>
    <message>
        <location filename="../app/config/Document.cpp" line="61"/>
        <source>The document has no file name yet.</source>
        <translation>Das Dokument hat noch keinen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../app/config/Document.cpp" line="62"/>
        <source>Use Save As.</source>
        <translation>Verwenden Sie „Speichern unter“.</translation>
    </message>
    <message>
        <location filename="../app/config/Document.cpp" line="96"/>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
</context>
<context>
    <name>Config::EffectiveSettings</name>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="23"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="45"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="269"/>
        <source>set in the file</source>
        <translation>in der Datei gesetzt</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="25"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="53"/>
        <source>APM Server&apos;s default</source>
        <translation>Standard von APM Server</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="49"/>
        <source>from the deprecated key apm-server.%1 (7.15 maps it; the new key would win)</source>
        <translation>aus dem veralteten Schlüssel apm-server.%1 (7.15 bildet ihn ab; der neue Schlüssel hätte Vorrang)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="58"/>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="59"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="117"/>
        <source>APM Server 7.15&apos;s default</source>
        <translation>Standard von APM Server 7.15</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="118"/>
        <source>APM Server 8.19&apos;s default (127.0.0.1:8200)</source>
        <translation>Standard von APM Server 8.19 (127.0.0.1:8200)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="129"/>
        <source>APM Server&apos;s default: unlimited</source>
        <translation>Standard von APM Server: unbegrenzt</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="139"/>
        <source>apm-server.%1 was removed in APM Server 8.0; use apm-server.%2</source>
        <translation>apm-server.%1 wurde in APM Server 8.0 entfernt; verwenden Sie apm-server.%2</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="159"/>
        <source>on: a secret token is set and API keys are enabled; each request is judged by the scheme it sends</source>
        <translation>an: Ein geheimes Token ist gesetzt und API-Schlüssel sind aktiviert; jede Anfrage wird nach dem Schema beurteilt, das sie sendet</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="164"/>
        <source>on, because a secret token is set</source>
        <translation>an, weil ein geheimes Token gesetzt ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="167"/>
        <source>on, because API keys are enabled</source>
        <translation>an, weil API-Schlüssel aktiviert sind</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="169"/>
        <source>off: no secret token and no API keys, so every request is allowed whatever its Authorization header says, and the anonymous settings are ignored</source>
        <translation>aus: kein geheimes Token und keine API-Schlüssel, daher wird jede Anfrage zugelassen, egal was ihr Authorization-Header sagt, und die anonymen Einstellungen werden ignoriert</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="187"/>
        <source>not applicable: no authentication is configured, so every request is allowed and the anonymous settings are ignored</source>
        <translation>nicht zutreffend: Es ist keine Authentifizierung konfiguriert, daher wird jede Anfrage zugelassen und die anonymen Einstellungen werden ignoriert</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="196"/>
        <source>on, because auth.anonymous.enabled is true</source>
        <translation>an, weil auth.anonymous.enabled true ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="198"/>
        <source>off, because auth.anonymous.enabled is false</source>
        <translation>aus, weil auth.anonymous.enabled false ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="201"/>
        <source>off: APM Server 7.15.2 treats any auth.anonymous.* key as an explicit configuration and then does not auto-enable anonymous access; write auth.anonymous.enabled: true</source>
        <translation>aus: APM Server 7.15.2 wertet jeden auth.anonymous.*-Schlüssel als ausdrückliche Konfiguration und aktiviert anonymen Zugriff dann nicht automatisch; schreiben Sie auth.anonymous.enabled: true</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="209"/>
        <source>on, because RUM is enabled and a secret token is set (auto-enabled)</source>
        <translation>an, weil RUM aktiviert und ein geheimes Token gesetzt ist (automatisch aktiviert)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="211"/>
        <source>on, because RUM is enabled and API keys are enabled (auto-enabled)</source>
        <translation>an, weil RUM aktiviert ist und API-Schlüssel aktiviert sind (automatisch aktiviert)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="215"/>
        <source>off: it is only auto-enabled when RUM is enabled</source>
        <translation>aus: wird nur automatisch aktiviert, wenn RUM aktiviert ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="222"/>
        <source>set to an empty list: any agent name is allowed</source>
        <translation>auf eine leere Liste gesetzt: Jeder Agentenname ist erlaubt</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="227"/>
        <source> (empty: any service name is allowed)</source>
        <translation> (leer: jeder Dienstname ist erlaubt)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="233"/>
        <source>3 × event_limit (%1): the token bucket&apos;s capacity per client IP</source>
        <translation>3 × event_limit (%1): die Kapazität des Token-Buckets pro Client-IP</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="250"/>
        <source>on, because ssl.enabled is true</source>
        <translation>an, weil ssl.enabled true ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="251"/>
        <source>off, because ssl.enabled is false</source>
        <translation>aus, weil ssl.enabled false ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="255"/>
        <source>on, because ssl.* keys are present and ssl.enabled is not set to false</source>
        <translation>an, weil ssl.*-Schlüssel vorhanden sind und ssl.enabled nicht auf false gesetzt ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="259"/>
        <source>off: no ssl.* key in the file</source>
        <translation>aus: kein ssl.*-Schlüssel in der Datei</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="279"/>
        <source>unknown client authentication mode &apos;%1&apos; (none, optional or required)</source>
        <translation>unbekannter Client-Authentifizierungsmodus „%1“ (none, optional oder required)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="285"/>
        <source>required, because ssl.certificate_authorities is set and ssl.client_authentication is not: agents must present a client certificate</source>
        <translation>required, weil ssl.certificate_authorities gesetzt ist und ssl.client_authentication nicht: Agenten müssen ein Client-Zertifikat vorlegen</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="291"/>
        <source>APM Server&apos;s default (none)</source>
        <translation>Standard von APM Server (none)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="297"/>
        <source>APM Server&apos;s default (TLS 1.1 to 1.3, restored by SetInsecureDefaults in 8.x)</source>
        <translation>Standard von APM Server (TLS 1.1 bis 1.3, in 8.x durch SetInsecureDefaults wiederhergestellt)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="301"/>
        <source>APM Server&apos;s default: Go&apos;s cipher suites</source>
        <translation>Standard von APM Server: die Cipher-Suites von Go</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="304"/>
        <source>APM Server&apos;s default: Go&apos;s curves</source>
        <translation>Standard von APM Server: die Kurven von Go</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="317"/>
        <source>invalid tls version &apos;%1&apos;</source>
        <translation>ungültige TLS-Version „%1“</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="324"/>
        <source>invalid tls cipher suite &apos;%1&apos;</source>
        <translation>ungültige TLS-Cipher-Suite „%1“</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="331"/>
        <source>invalid tls curve type &apos;%1&apos;</source>
        <translation>ungültiger TLS-Kurventyp „%1“</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="344"/>
        <source>on, because apm-server.kibana.enabled is true</source>
        <translation>an, weil apm-server.kibana.enabled true ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="346"/>
        <source>off: APM Server 7.15 serves agent configuration only with apm-server.kibana enabled (403 otherwise)</source>
        <translation>aus: APM Server 7.15 liefert Agentenkonfiguration nur mit aktiviertem apm-server.kibana (sonst 403)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="351"/>
        <source>on: APM Server 8.7+ reads agent configuration from Elasticsearch; the stub answers from its own agent-configuration store</source>
        <translation>an: APM Server 8.7+ liest die Agentenkonfiguration aus Elasticsearch; der Stub antwortet aus seinem eigenen Speicher für Agentenkonfigurationen</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="357"/>
        <source>7.x has /assets/v1/sourcemaps</source>
        <translation>7.x hat /assets/v1/sourcemaps</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="358"/>
        <source>removed in 8.0 (404)</source>
        <translation>in 8.0 entfernt (404)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="365"/>
        <source>8.x has no sourcemap endpoint; upload through Kibana</source>
        <translation>8.x hat keinen Sourcemap-Endpunkt; Upload über Kibana</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="373"/>
        <source>off, because RUM is disabled</source>
        <translation>aus, weil RUM deaktiviert ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="374"/>
        <source>off, because rum.source_mapping.enabled is false</source>
        <translation>aus, weil rum.source_mapping.enabled false ist</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="376"/>
        <source>off, because data streams are enabled (Fleet-managed)</source>
        <translation>aus, weil Data Streams aktiviert sind (von Fleet verwaltet)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="378"/>
        <source>on, because RUM and source mapping are enabled</source>
        <translation>an, weil RUM und Source Mapping aktiviert sind</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="399"/>
        <source>(set, %1 characters, hidden)</source>
        <translation>(gesetzt, %1 Zeichen, verborgen)</translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="443"/>
        <source>absent</source>
        <translation>nicht vorhanden</translation>
    </message>
</context>
<context>
    <name>Config::Schema</name>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="23"/>
        <source>Address and port APM Server listens on.</source>
        <translation>Adresse und Port, auf denen APM Server lauscht.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="27"/>
        <source>Largest request header block accepted; larger ones get 431.</source>
        <translation>Größter angenommener Block von Anfrage-Headern; größere erhalten 431.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="30"/>
        <source>How long an idle keep-alive connection stays open.</source>
        <translation>Wie lange eine inaktive Keep-alive-Verbindung offen bleibt.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="33"/>
        <source>Longest time to read a whole request, body included.</source>
        <translation>Längste Zeit zum Lesen einer ganzen Anfrage, einschließlich Body.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="36"/>
        <source>Longest time to write a response.</source>
        <translation>Längste Zeit zum Schreiben einer Antwort.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="39"/>
        <source>How long in-flight requests may finish on shutdown.</source>
        <translation>Wie lange laufende Anfragen beim Herunterfahren noch abschließen dürfen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="42"/>
        <source>Largest single NDJSON event line, in bytes.</source>
        <translation>Größte einzelne NDJSON-Ereigniszeile, in Byte.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="45"/>
        <source>Simultaneous connections; further ones wait (0 = unlimited).</source>
        <translation>Gleichzeitige Verbindungen; weitere warten (0 = unbegrenzt).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="48"/>
        <source>Headers added to every response of the agent endpoints.</source>
        <translation>Header, die jeder Antwort der Agenten-Endpunkte hinzugefügt werden.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="51"/>
        <source>Record client IP and user agent with events.</source>
        <translation>Client-IP und User-Agent mit den Ereignissen aufzeichnen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="54"/>
        <source>Environment recorded for events that name none.</source>
        <translation>Umgebung, die für Ereignisse ohne eigene Umgebung aufgezeichnet wird.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="57"/>
        <source>Expose /debug/vars without authentication.</source>
        <translation>/debug/vars ohne Authentifizierung bereitstellen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="60"/>
        <source>Expose /debug/pprof without authentication.</source>
        <translation>/debug/pprof ohne Authentifizierung bereitstellen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="65"/>
        <source>Shared secret agents send as &quot;Authorization: Bearer &lt;token&gt;&quot;.</source>
        <translation>Gemeinsames Geheimnis, das Agenten als &quot;Authorization: Bearer &lt;token&gt;&quot; senden.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="69"/>
        <source>Accept &quot;Authorization: ApiKey base64(id:key)&quot; checked against Elasticsearch.</source>
        <translation>&quot;Authorization: ApiKey base64(id:key)&quot; annehmen, geprüft gegen Elasticsearch.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="73"/>
        <source>Distinct API key IDs cached per minute; more answer 503.</source>
        <translation>Verschiedene API-Schlüssel-IDs, die pro Minute zwischengespeichert werden; weitere erhalten 503.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="76"/>
        <source>Allow requests without credentials (for the RUM agent), restricted by the allow-lists.</source>
        <translation>Anfragen ohne Anmeldedaten zulassen (für den RUM-Agenten), eingeschränkt durch die Zulassungslisten.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="80"/>
        <source>Agent names allowed anonymous access (exact match).</source>
        <translation>Agentennamen mit anonymem Zugriff (exakte Übereinstimmung).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="84"/>
        <source>Service names allowed anonymous access (empty = any).</source>
        <translation>Dienstnamen mit anonymem Zugriff (leer = alle).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="88"/>
        <source>How many client IPs get their own anonymous rate limiter.</source>
        <translation>Wie viele Client-IPs einen eigenen anonymen Ratenbegrenzer erhalten.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="92"/>
        <source>Anonymous events per second per client IP (burst three times that).</source>
        <translation>Anonyme Ereignisse pro Sekunde und Client-IP (Burst das Dreifache davon).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="97"/>
        <source>TLS on or off; any other ssl key turns TLS on unless this is false.</source>
        <translation>TLS an oder aus; jeder andere ssl-Schlüssel schaltet TLS ein, sofern dieser nicht false ist.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="100"/>
        <source>PEM file with the server certificate (and its chain).</source>
        <translation>PEM-Datei mit dem Serverzertifikat (und seiner Kette).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="103"/>
        <source>PEM file with the server&apos;s private key.</source>
        <translation>PEM-Datei mit dem privaten Schlüssel des Servers.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="105"/>
        <source>Passphrase of an encrypted key; keep it in the keystore.</source>
        <translation>Passphrase eines verschlüsselten Schlüssels; im Keystore aufbewahren.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="109"/>
        <source>CAs that verify agents&apos; client certificates; setting it makes them required.</source>
        <translation>CAs, die die Client-Zertifikate der Agenten prüfen; wenn gesetzt, sind diese erforderlich.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="113"/>
        <source>Whether agents must present a client certificate: none, optional or required.</source>
        <translation>Ob Agenten ein Client-Zertifikat vorlegen müssen: none, optional oder required.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="118"/>
        <source>TLS versions the server accepts.</source>
        <translation>TLS-Versionen, die der Server annimmt.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="122"/>
        <source>TLS 1.2 cipher suites by Go name (empty = Go&apos;s defaults).</source>
        <translation>TLS-1.2-Cipher-Suites nach Go-Namen (leer = Vorgaben von Go).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="125"/>
        <source>ECDHE curves (P-256, P-384, P-521, X25519).</source>
        <translation>ECDHE-Kurven (P-256, P-384, P-521, X25519).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="128"/>
        <source>Client certificate verification (undocumented on the server).</source>
        <translation>Prüfung der Client-Zertifikate (auf dem Server nicht dokumentiert).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="134"/>
        <source>Accept events from the browser (RUM) agent.</source>
        <translation>Ereignisse vom Browser-Agenten (RUM) annehmen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="138"/>
        <source>Origins (scheme://host[:port], * globs) allowed to send RUM events.</source>
        <translation>Origins (scheme://host[:port], *-Platzhalter), die RUM-Ereignisse senden dürfen.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="142"/>
        <source>Extra request headers allowed in CORS preflights.</source>
        <translation>Zusätzliche Anfrage-Header, die in CORS-Preflights erlaubt sind.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="145"/>
        <source>Headers added to RUM endpoint responses.</source>
        <translation>Header, die Antworten des RUM-Endpunkts hinzugefügt werden.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="149"/>
        <source>Stack frames matching this are marked as library code.</source>
        <translation>Stack-Frames, die hierauf passen, werden als Bibliothekscode markiert.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="153"/>
        <source>Stack frames matching this are ignored when grouping errors.</source>
        <translation>Stack-Frames, die hierauf passen, werden beim Gruppieren von Fehlern ignoriert.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="156"/>
        <source>Apply uploaded source maps to RUM stack traces.</source>
        <translation>Hochgeladene Source Maps auf RUM-Stacktraces anwenden.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="161"/>
        <source>Connect to Kibana (7.15: required for agent central configuration).</source>
        <translation>Mit Kibana verbinden (7.15: nötig für die zentrale Agentenkonfiguration).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="165"/>
        <source>How long agents cache central configuration (Cache-Control max-age).</source>
        <translation>Wie lange Agenten die zentrale Konfiguration zwischenspeichern (Cache-Control max-age).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="168"/>
        <source>Write to data streams (7.15: disables sourcemap upload).</source>
        <translation>In Data Streams schreiben (7.15: deaktiviert den Sourcemap-Upload).</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="173"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.secret_token.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.secret_token.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="176"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.api_key.enabled.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.api_key.enabled.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="179"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.api_key.limit.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.api_key.limit.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="182"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.event_limit.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.anonymous.rate_limit.event_limit.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="186"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.ip_limit.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.anonymous.rate_limit.ip_limit.</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="190"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.allow_service.</source>
        <translation>In 7.x veraltet, in 8.0 entfernt: Verwenden Sie auth.anonymous.allow_service.</translation>
    </message>
</context>
<context>
    <name>Config::SettingsIo</name>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="32"/>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="33"/>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="34"/>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="35"/>
        <source>a duration such as 30s or 5m</source>
        <translation>eine Dauer wie 30s oder 5m</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="36"/>
        <source>a list of strings</source>
        <translation>eine Liste von Zeichenketten</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="37"/>
        <source>a mapping of header names to values</source>
        <translation>eine Zuordnung von Header-Namen zu Werten</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="57"/>
        <source>expected %1, found %2</source>
        <translation>%1 erwartet, %2 gefunden</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="63"/>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="64"/>
        <source>a mapping</source>
        <translation>eine Zuordnung</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="65"/>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="211"/>
        <source>expected %1</source>
        <translation>%1 erwartet</translation>
    </message>
</context>
<context>
    <name>ConfigurationPanel</name>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="9"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="37"/>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="180"/>
        <source>&amp;Pending Changes</source>
        <translation>&amp;Ausstehende Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="43"/>
        <source>Show what Save would change in the file (diff against the saved version)</source>
        <translation>Zeigt, was Speichern an der Datei ändern würde (Unterschied zur gespeicherten Version)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="46"/>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="83"/>
        <source>Pending changes</source>
        <translation>Ausstehende Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="55"/>
        <source>YAML error</source>
        <translation>YAML-Fehler</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="66"/>
        <source>apm-server.yml editor</source>
        <translation>Editor für apm-server.yml</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="69"/>
        <source>The YAML text of the document. Changes are checked and applied as you type.</source>
        <translation>Der YAML-Text des Dokuments. Änderungen werden während der Eingabe geprüft und übernommen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="72"/>
        <source>The whole apm-server.yml. Edits apply after a short pause; text that does not parse is not applied.</source>
        <translation>Die gesamte apm-server.yml. Änderungen gelten nach einer kurzen Pause; Text, der sich nicht einlesen lässt, wird nicht übernommen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="86"/>
        <source>Unsaved changes against the saved file: - removed, + added</source>
        <translation>Ungespeicherte Änderungen gegenüber der gespeicherten Datei: - entfernt, + hinzugefügt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="98"/>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="105"/>
        <source>Linter findings for this file; select one to see its key and fix</source>
        <translation>Befunde der Prüfung für diese Datei; wählen Sie einen aus, um Schlüssel und Abhilfe zu sehen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.ui" line="124"/>
        <source>Selected finding</source>
        <translation>Ausgewählter Befund</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="46"/>
        <source>No unsaved changes: the editor matches the saved file.</source>
        <translation>Keine ungespeicherten Änderungen: Der Editor entspricht der gespeicherten Datei.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="73"/>
        <source>The YAML in the editor does not parse.</source>
        <translation>Das YAML im Editor lässt sich nicht einlesen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="75"/>
        <source>Correct the text, or use Revert to go back to the saved file.</source>
        <translation>Korrigieren Sie den Text oder kehren Sie mit „Zurücksetzen“ zur gespeicherten Datei zurück.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="156"/>
        <source>Not applied: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="180"/>
        <source>&amp;Pending Changes •</source>
        <translation>&amp;Ausstehende Änderungen •</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="246"/>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="249"/>
        <source>&lt;b&gt;Fix:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Abhilfe:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="251"/>
        <source>Reference: %1</source>
        <translation>Referenz: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="266"/>
        <source>&amp;Problems</source>
        <translation>&amp;Probleme</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="266"/>
        <source>&amp;Problems (%1)</source>
        <translation>&amp;Probleme (%1)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="269"/>
        <source>of the last text that parsed</source>
        <translation>des zuletzt gültigen Texts</translation>
    </message>
    <message>
        <location filename="../ui/panels/ConfigurationPanel.cpp" line="276"/>
        <source>Untitled apm-server.yml (not saved yet)</source>
        <translation>Unbenannte apm-server.yml (noch nicht gespeichert)</translation>
    </message>
</context>
<context>
    <name>Core::AtomicFile</name>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="20"/>
        <source>Cannot read %1 to back it up.</source>
        <translation>%1 kann nicht gelesen werden, um es zu sichern.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="27"/>
        <source>Cannot write the backup %1.bak.</source>
        <translation>Die Sicherung %1.bak kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="29"/>
        <source>Check that the folder is writable.</source>
        <translation>Prüfen Sie, ob der Ordner beschreibbar ist.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="37"/>
        <location filename="../app/core/AtomicFile.cpp" line="44"/>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="38"/>
        <source>Check that the folder exists and is writable.</source>
        <translation>Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="49"/>
        <source>Cannot save %1.</source>
        <translation>%1 kann nicht gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="51"/>
        <source>Check free disk space and permissions.</source>
        <translation>Prüfen Sie freien Speicherplatz und Berechtigungen.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="63"/>
        <source>The file %1 does not exist.</source>
        <translation>Die Datei %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="64"/>
        <source>Check the path.</source>
        <translation>Prüfen Sie den Pfad.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="67"/>
        <source>%1 is a folder, not a file.</source>
        <translation>%1 ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="70"/>
        <source>Cannot read %1.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="72"/>
        <source>Check the file&apos;s permissions.</source>
        <translation>Prüfen Sie die Berechtigungen der Datei.</translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="76"/>
        <source>%1 is too large (%2 bytes).</source>
        <translation>%1 ist zu groß (%2 Byte).</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <location filename="../ui/widgets/DiffDialog.ui" line="9"/>
        <source>Review Changes</source>
        <translation>Änderungen prüfen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.ui" line="12"/>
        <source>Review changes before saving</source>
        <translation>Änderungen vor dem Speichern prüfen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.ui" line="31"/>
        <source>Lines starting with - are removed from the file, lines starting with + are added.</source>
        <translation>Zeilen mit - werden aus der Datei entfernt, Zeilen mit + werden hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.ui" line="41"/>
        <source>Summary of changes</source>
        <translation>Zusammenfassung der Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="16"/>
        <source>Write these changes to the file (the previous version is kept as a .bak file)</source>
        <translation>Diese Änderungen in die Datei schreiben (die vorige Version bleibt als .bak-Datei erhalten)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="17"/>
        <source>Keep editing; nothing is written</source>
        <translation>Weiter bearbeiten; nichts wird geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="30"/>
        <source>These changes will be written to %1. The previous version is kept as %1.bak.</source>
        <translation>Diese Änderungen werden in %1 geschrieben. Die vorige Version bleibt als %1.bak erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="33"/>
        <source>1 line added</source>
        <translation>1 Zeile hinzugefügt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="33"/>
        <source>%1 lines added</source>
        <translation>%1 Zeilen hinzugefügt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="34"/>
        <source>1 line removed</source>
        <translation>1 Zeile entfernt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="34"/>
        <source>%1 lines removed</source>
        <translation>%1 Zeilen entfernt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffDialog.cpp" line="35"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <location filename="../ui/widgets/DiffView.cpp" line="13"/>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffView.cpp" line="19"/>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffView.cpp" line="20"/>
        <source>Unified diff: lines starting with - are removed, lines starting with + are added.</source>
        <translation>Unified Diff: Zeilen mit - werden entfernt, Zeilen mit + werden hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/DiffView.cpp" line="103"/>
        <source>(no newline at end of file)</source>
        <translation>(kein Zeilenumbruch am Dateiende)</translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="35"/>
        <source>APM Server URL</source>
        <translation>APM-Server-URL</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="32"/>
        <source>The server URL the agents use (ELASTIC_APM_SERVER_URL / serverUrl)</source>
        <translation>Die Server-URL, die die Agenten verwenden (ELASTIC_APM_SERVER_URL / serverUrl)</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="60"/>
        <source>Secret token</source>
        <translation>Geheimes Token</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="57"/>
        <source>apm-server.auth.secret_token as the agent sends it (memory only)</source>
        <translation>apm-server.auth.secret_token, wie der Agent es sendet (nur im Speicher)</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="86"/>
        <source>CA certificate file</source>
        <translation>CA-Zertifikatsdatei</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="83"/>
        <source>The CA file the agent is given (serverCaCertFile)</source>
        <translation>Die CA-Datei, die der Agent erhält (serverCaCertFile)</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="106"/>
        <source>Page origin</source>
        <translation>Seiten-Origin</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="103"/>
        <source>scheme://host:port of the page the RUM agent runs in (apm-server.rum.allow_origins)</source>
        <translation>scheme://host:port der Seite, in der der RUM-Agent läuft (apm-server.rum.allow_origins)</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="14"/>
        <source>Doctor</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="22"/>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="73"/>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="93"/>
        <source>&amp;Origin:</source>
        <translation>&amp;Origin:</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="45"/>
        <source>Secret &amp;token:</source>
        <translation>Geheimes &amp;Token:</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="122"/>
        <source>Run doctor</source>
        <translation>Diagnose starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="119"/>
        <source>Runs every step against the URL above (Ctrl+Return)</source>
        <translation>Führt jeden Schritt gegen die obige URL aus (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="132"/>
        <source>Checks the URL layer by layer: URL, DNS, TCP, TLS, HTTP, intake, RUM preflight.</source>
        <translation>Prüft die URL Schicht für Schicht: URL, DNS, TCP, TLS, HTTP, Intake, RUM-Preflight.</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="157"/>
        <source>Doctor steps</source>
        <translation>Diagnoseschritte</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="154"/>
        <source>Each step&apos;s status, time, evidence, likely causes and fix</source>
        <translation>Status, Zeit, Belege, wahrscheinliche Ursachen und Abhilfe jedes Schritts</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="125"/>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="174"/>
        <source>Explain an error message</source>
        <translation>Fehlermeldung erklären</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="189"/>
        <source>Error text</source>
        <translation>Fehlertext</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="195"/>
        <source>Paste an agent, server or browser error, e.g. x509: certificate signed by unknown authority</source>
        <translation>Fügen Sie einen Fehler von Agent, Server oder Browser ein, z. B. x509: certificate signed by unknown authority</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="186"/>
        <source>The error text is matched against the known cases as you type</source>
        <translation>Der Fehlertext wird während der Eingabe mit den bekannten Fällen abgeglichen</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="205"/>
        <source>Matching cases</source>
        <translation>Passende Fälle</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="202"/>
        <source>Known cases the text matches, best first: cause, fix and what confirms it</source>
        <translation>Bekannte Fälle, auf die der Text passt, die besten zuerst: Ursache, Abhilfe und was sie bestätigt</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="221"/>
        <location filename="../ui/panels/DoctorPanel.cpp" line="114"/>
        <source>Run the doctor to confirm</source>
        <translation>Zur Bestätigung Diagnose starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.ui" line="218"/>
        <source>Runs what confirms or rules out the selected case: the doctor up to its step, or its probe scenario</source>
        <translation>Führt aus, was den ausgewählten Fall bestätigt oder ausschließt: die Diagnose bis zu ihrem Schritt oder sein Testszenario</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="34"/>
        <source>Problem at the %1 layer (%2).</source>
        <translation>Problem in der Schicht %1 (%2).</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="35"/>
        <source>Every step passed: agents with these settings can connect.</source>
        <translation>Alle Schritte bestanden: Agenten mit diesen Einstellungen können sich verbinden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="47"/>
        <source>The %1 step confirms the case: %2.</source>
        <translation>Der Schritt %1 bestätigt den Fall: %2.</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="120"/>
        <source>Run the probe&apos;s %1 scenarios to confirm %2</source>
        <translation>Die Szenarien „%1“ des Verbindungstests ausführen, um %2 zu bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="126"/>
        <source>Run the doctor up to the %1 step to confirm %2</source>
        <translation>Die Diagnose bis zum Schritt %1 ausführen, um %2 zu bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="127"/>
        <source>Run the doctor to confirm %1</source>
        <translation>Die Diagnose ausführen, um %1 zu bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="162"/>
        <source>Running…</source>
        <translation>Läuft …</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="192"/>
        <location filename="../ui/panels/DoctorPanel.cpp" line="210"/>
        <source>Fix: %1</source>
        <translation>Abhilfe: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="209"/>
        <source>Cause: %1</source>
        <translation>Ursache: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/DoctorPanel.cpp" line="210"/>
        <source>Confirm with: %1</source>
        <translation>Bestätigen mit: %1</translation>
    </message>
</context>
<context>
    <name>EffectiveSettingsModel</name>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="51"/>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="132"/>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="134"/>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="75"/>
        <source>%1 (set in the file)</source>
        <translation>%1 (in der Datei gesetzt)</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="90"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="92"/>
        <source>Effective value</source>
        <translation>Wirksamer Wert</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="94"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="96"/>
        <source>Rule (why)</source>
        <translation>Regel (warum)</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="98"/>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="103"/>
        <source>The apm-server.yml key, or a behaviour in parentheses that several keys decide</source>
        <translation>Der Schlüssel in apm-server.yml oder, in Klammern, ein Verhalten, das mehrere Schlüssel bestimmen</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="105"/>
        <source>What APM Server will actually use</source>
        <translation>Was APM Server tatsächlich verwendet</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="107"/>
        <source>file: set in this file · default: APM Server&apos;s default · derived: decided by a rule</source>
        <translation>Datei: in dieser Datei gesetzt · Standard: Vorgabe von APM Server · abgeleitet: von einer Regel bestimmt</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="109"/>
        <source>Why APM Server ends up with this value</source>
        <translation>Warum APM Server bei diesem Wert landet</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="111"/>
        <source>Section of the APM Server behaviour reference</source>
        <translation>Abschnitt der Referenz zum Verhalten von APM Server</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="120"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="121"/>
        <source>derived</source>
        <translation>abgeleitet</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="121"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="131"/>
        <source>Default in APM Server %1: %2</source>
        <translation>Standard in APM Server %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="134"/>
        <source>Effective: %1</source>
        <translation>Wirksam: %1</translation>
    </message>
    <message>
        <location filename="../ui/models/EffectiveSettingsModel.cpp" line="136"/>
        <source>Why: %1</source>
        <translation>Warum: %1</translation>
    </message>
</context>
<context>
    <name>EffectiveSettingsPanel</name>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="9"/>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="78"/>
        <source>Effective settings</source>
        <translation>Wirksame Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="37"/>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="53"/>
        <source>Key, value or rule</source>
        <translation>Schlüssel, Wert oder Regel</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="59"/>
        <source>Show only rows whose key, value, rule or section contains this text</source>
        <translation>Nur Zeilen zeigen, deren Schlüssel, Wert, Regel oder Abschnitt diesen Text enthält</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="62"/>
        <source>Filter effective settings</source>
        <translation>Wirksame Einstellungen filtern</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="71"/>
        <source>Start-up errors</source>
        <translation>Startfehler</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="81"/>
        <source>Each value APM Server will use, where it comes from and the rule that produced it. Rows in bold are set in the file.</source>
        <translation>Jeder Wert, den APM Server verwendet, seine Herkunft und die Regel, die ihn ergibt. Fett gedruckte Zeilen sind in der Datei gesetzt.</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="118"/>
        <source>Selected setting</source>
        <translation>Ausgewählte Einstellung</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.ui" line="125"/>
        <source>Bold rows are set in the file; the others are APM Server&apos;s defaults or derived by a rule. Hover a row for the key&apos;s help.</source>
        <translation>Fett gedruckte Zeilen sind in der Datei gesetzt; die übrigen sind Vorgaben von APM Server oder von einer Regel abgeleitet. Für die Hilfe zu einem Schlüssel mit der Maus auf die Zeile zeigen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.cpp" line="104"/>
        <source>What APM Server %1 does with %2</source>
        <translation>Was APM Server %1 mit %2 macht</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.cpp" line="119"/>
        <source>APM Server would refuse to start: %1</source>
        <translation>APM Server würde den Start verweigern: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/EffectiveSettingsPanel.cpp" line="120"/>
        <source>APM Server would refuse to start:</source>
        <translation>APM Server würde den Start verweigern:</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="31"/>
        <location filename="../ui/widgets/FindingsView.cpp" line="164"/>
        <source>No problems found</source>
        <translation>Keine Probleme gefunden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="36"/>
        <location filename="../ui/widgets/FindingsView.cpp" line="39"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="40"/>
        <source>Problems found in the configuration; select one to see its fix.</source>
        <translation>In der Konfiguration gefundene Probleme; wählen Sie eines aus, um die Abhilfe zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="42"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="42"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="42"/>
        <source>Fix</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="42"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="93"/>
        <source>%1
Key: %2</source>
        <translation>%1
Schlüssel: %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="138"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="140"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="142"/>
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="159"/>
        <source>1 error</source>
        <translation>1 Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="159"/>
        <source>%1 errors</source>
        <translation>%1 Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="161"/>
        <source>1 warning</source>
        <translation>1 Warnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="161"/>
        <source>%1 warnings</source>
        <translation>%1 Warnungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="163"/>
        <source>1 note</source>
        <translation>1 Hinweis</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="163"/>
        <source>%1 notes</source>
        <translation>%1 Hinweise</translation>
    </message>
</context>
<context>
    <name>Intake::AgentConfigStore</name>
    <message>
        <location filename="../app/intake/AgentConfigStore.cpp" line="50"/>
        <source>%1 is not valid JSON: %2 at offset %3.</source>
        <translation>%1 ist kein gültiges JSON: %2 an Position %3.</translation>
    </message>
    <message>
        <location filename="../app/intake/AgentConfigStore.cpp" line="58"/>
        <source>%1 must hold a JSON array of agent configurations.</source>
        <translation>%1 muss ein JSON-Array von Agentenkonfigurationen enthalten.</translation>
    </message>
    <message>
        <location filename="../app/intake/AgentConfigStore.cpp" line="59"/>
        <source>Write [{&quot;service&quot;: {&quot;name&quot;: &quot;…&quot;}, &quot;settings&quot;: {…}}].</source>
        <translation>Schreiben Sie [{&quot;service&quot;: {&quot;name&quot;: &quot;…&quot;}, &quot;settings&quot;: {…}}].</translation>
    </message>
    <message>
        <location filename="../app/intake/AgentConfigStore.cpp" line="70"/>
        <source>Entry %1 of %2 has no service.name.</source>
        <translation>Eintrag %1 von %2 hat kein service.name.</translation>
    </message>
</context>
<context>
    <name>Intake::IntakeServer</name>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="59"/>
        <source>APM Server would not start with this configuration: %1: %2</source>
        <translation>APM Server würde mit dieser Konfiguration nicht starten: %1: %2</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="63"/>
        <source>Fix the setting (see `apm-gatekeeper config lint`).</source>
        <translation>Korrigieren Sie die Einstellung (siehe `apm-gatekeeper config lint`).</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="79"/>
        <source>Cannot listen on %1:%2.</source>
        <translation>Auf %1:%2 kann nicht gelauscht werden.</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="83"/>
        <source>Choose another port (or 0 for any free port).</source>
        <translation>Wählen Sie einen anderen Port (oder 0 für einen beliebigen freien Port).</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="215"/>
        <source>&apos;%1&apos; is not HOST:PORT.</source>
        <translation>„%1“ ist nicht HOST:PORT.</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="216"/>
        <source>Write e.g. 127.0.0.1:8200.</source>
        <translation>Schreiben Sie z. B. 127.0.0.1:8200.</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="225"/>
        <source>&apos;%1&apos; has no valid port.</source>
        <translation>„%1“ hat keinen gültigen Port.</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="234"/>
        <source>&apos;%1&apos; is not an IP address (or localhost).</source>
        <translation>„%1“ ist keine IP-Adresse (oder localhost).</translation>
    </message>
    <message>
        <location filename="../app/intake/IntakeServer.cpp" line="236"/>
        <source>The stub listens on addresses of this machine; use 127.0.0.1.</source>
        <translation>Der Stub lauscht auf Adressen dieses Rechners; verwenden Sie 127.0.0.1.</translation>
    </message>
</context>
<context>
    <name>Intake::StubOptions</name>
    <message>
        <location filename="../app/intake/StubOptions.cpp" line="22"/>
        <source>APM Server would not start: %1: %2</source>
        <translation>APM Server würde nicht starten: %1: %2</translation>
    </message>
    <message>
        <location filename="../app/intake/StubOptions.cpp" line="25"/>
        <source>Fix the setting (see the Effective settings).</source>
        <translation>Korrigieren Sie die Einstellung (siehe „Wirksame Einstellungen“).</translation>
    </message>
    <message>
        <location filename="../app/intake/StubOptions.cpp" line="37"/>
        <source>%1 is not set</source>
        <translation>%1 ist nicht gesetzt</translation>
    </message>
    <message>
        <location filename="../app/intake/StubOptions.cpp" line="38"/>
        <source>apm-server.auth.secret_token refers to %1</source>
        <translation>apm-server.auth.secret_token verweist auf %1</translation>
    </message>
    <message>
        <location filename="../app/intake/StubOptions.cpp" line="40"/>
        <source>Export it in the environment (its value never goes on the command line).</source>
        <translation>Exportieren Sie sie in der Umgebung (ihr Wert kommt nie auf die Befehlszeile).</translation>
    </message>
</context>
<context>
    <name>Intake::TlsSetup</name>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="55"/>
        <source>%1: %2 does not exist.</source>
        <translation>%1: %2 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="56"/>
        <source>Check the path in apm-server.yml (relative paths are relative to the working directory).</source>
        <translation>Prüfen Sie den Pfad in apm-server.yml (relative Pfade beziehen sich auf das Arbeitsverzeichnis).</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="62"/>
        <source>%1: %2 cannot be read.</source>
        <translation>%1: %2 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="64"/>
        <source>Make the file readable by the user running the stub.</source>
        <translation>Machen Sie die Datei für den Benutzer lesbar, unter dem der Stub läuft.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="77"/>
        <source>%1: %2 contains no PEM private key.</source>
        <translation>%1: %2 enthält keinen privaten PEM-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="82"/>
        <source>%1: %2 is encrypted and apm-server.ssl.key_passphrase is not set.</source>
        <translation>%1: %2 ist verschlüsselt und apm-server.ssl.key_passphrase ist nicht gesetzt.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="86"/>
        <source>Set ssl.key_passphrase (a ${NAME} reference keeps it out of the file).</source>
        <translation>Setzen Sie ssl.key_passphrase (ein ${NAME}-Verweis hält sie aus der Datei heraus).</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="98"/>
        <source>%1: %2 cannot be decrypted: the key passphrase is wrong.</source>
        <translation>%1: %2 kann nicht entschlüsselt werden: Die Passphrase des Schlüssels ist falsch.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="102"/>
        <source>Check ssl.key_passphrase (or the variable it refers to).</source>
        <translation>Prüfen Sie ssl.key_passphrase (oder die Variable, auf die sie verweist).</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="106"/>
        <source>%1: %2 is not a valid PEM private key.</source>
        <translation>%1: %2 ist kein gültiger privater PEM-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="120"/>
        <source>%1: the private key in %2 does not match the certificate in %3.</source>
        <translation>%1: Der private Schlüssel in %2 passt nicht zum Zertifikat in %3.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="123"/>
        <source>Use the key the certificate was issued for.</source>
        <translation>Verwenden Sie den Schlüssel, für den das Zertifikat ausgestellt wurde.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="150"/>
        <source>%1: Qt cannot use the private key in %2.</source>
        <translation>%1: Qt kann den privaten Schlüssel in %2 nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="162"/>
        <source>%1: %2 contains no PEM certificate.</source>
        <translation>%1: %2 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="164"/>
        <source>The file must hold &quot;-----BEGIN CERTIFICATE-----&quot; blocks.</source>
        <translation>Die Datei muss Blöcke &quot;-----BEGIN CERTIFICATE-----&quot; enthalten.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="315"/>
        <source>apm-server.ssl.key_passphrase refers to %1, which is not set.</source>
        <translation>apm-server.ssl.key_passphrase verweist auf %1, das nicht gesetzt ist.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="319"/>
        <source>Export the variable in the environment of the stub.</source>
        <translation>Exportieren Sie die Variable in der Umgebung des Stubs.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="345"/>
        <source>The certificate in %1 is not valid now (valid %2 to %3): APM Server serves it anyway; agents that verify it fail the handshake.</source>
        <translation>Das Zertifikat in %1 ist derzeit nicht gültig (gültig von %2 bis %3): APM Server liefert es trotzdem aus; Agenten, die es prüfen, scheitern am Handshake.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="393"/>
        <source>apm-server.ssl.supported_protocols: invalid tls version &apos;%1&apos;</source>
        <translation>apm-server.ssl.supported_protocols: ungültige TLS-Version „%1“</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="419"/>
        <source>%1 is allowed by apm-server.ssl.supported_protocols and APM Server would accept it, but the local OpenSSL refuses it at its security level: clients limited to %1 fail the handshake with the stub.</source>
        <translation>%1 ist durch apm-server.ssl.supported_protocols erlaubt und APM Server würde es annehmen, aber das lokale OpenSSL lehnt es auf seiner Sicherheitsstufe ab: Clients, die auf %1 beschränkt sind, scheitern am Handshake mit dem Stub.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="435"/>
        <source>apm-server.ssl.cipher_suites: invalid tls cipher suite &apos;%1&apos;</source>
        <translation>apm-server.ssl.cipher_suites: ungültige TLS-Cipher-Suite „%1“</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="440"/>
        <source>Cipher suite %1 (OpenSSL %2) is not offered by the local OpenSSL; APM Server would offer it.</source>
        <translation>Die Cipher-Suite %1 (OpenSSL %2) wird vom lokalen OpenSSL nicht angeboten; APM Server würde sie anbieten.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="465"/>
        <source>apm-server.ssl.curve_types: invalid tls curve type &apos;%1&apos;</source>
        <translation>apm-server.ssl.curve_types: ungültiger TLS-Kurventyp „%1“</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="470"/>
        <source>Curve %1 is not offered by the local OpenSSL.</source>
        <translation>Die Kurve %1 wird vom lokalen OpenSSL nicht angeboten.</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="483"/>
        <source>%1–%2, client authentication %3%4</source>
        <translation>%1–%2, Client-Authentifizierung %3%4</translation>
    </message>
    <message>
        <location filename="../app/intake/TlsSetup.cpp" line="486"/>
        <source>, suites %1</source>
        <translation>, Suites %1</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="14"/>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="34"/>
        <source>Stub state icon</source>
        <translation>Symbol für den Stub-Zustand</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="50"/>
        <source>Stub state</source>
        <translation>Stub-Zustand</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="53"/>
        <source>Whether the embedded APM Server stub is serving this document</source>
        <translation>Ob der eingebettete APM-Server-Stub dieses Dokument bedient</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="69"/>
        <source>Stub URL</source>
        <translation>Stub-URL</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="72"/>
        <source>Point ELASTIC_APM_SERVER_URL (or the probe) here</source>
        <translation>Richten Sie ELASTIC_APM_SERVER_URL (oder den Verbindungstest) hierhin</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="79"/>
        <source>&amp;Copy URL</source>
        <translation>URL &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="82"/>
        <source>Copy the stub URL</source>
        <translation>Stub-URL kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="85"/>
        <source>Copy the stub URL to the clipboard</source>
        <translation>Die Stub-URL in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="108"/>
        <location filename="../ui/panels/IntakePanel.cpp" line="229"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="111"/>
        <source>Start the stub</source>
        <translation>Stub starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="114"/>
        <source>Serve the document’s effective settings on 127.0.0.1 (restarts a running stub)</source>
        <translation>Die wirksamen Einstellungen des Dokuments auf 127.0.0.1 bereitstellen (startet einen laufenden Stub neu)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="121"/>
        <source>S&amp;top</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="124"/>
        <source>Stop the stub</source>
        <translation>Stub stoppen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="127"/>
        <source>Stop serving; requests in flight finish first. Settings changes no longer restart it.</source>
        <translation>Bereitstellung beenden; laufende Anfragen werden zuerst abgeschlossen. Änderungen an Einstellungen starten ihn nicht mehr neu.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="144"/>
        <source>Emulated profile</source>
        <translation>Nachgebildetes Profil</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="157"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="170"/>
        <source>Client certificate mode</source>
        <translation>Modus für Client-Zertifikate</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="183"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="205"/>
        <source>Stub problems</source>
        <translation>Stub-Probleme</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="215"/>
        <location filename="../ui/panels/IntakePanel.ui" line="252"/>
        <source>Session token</source>
        <translation>Sitzungstoken</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="236"/>
        <source>Session &amp;token:</source>
        <translation>Sitzungs&amp;token:</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="255"/>
        <source>The secret token agents must send (Authorization: Bearer …). Held in memory for this session only.</source>
        <translation>Das geheime Token, das Agenten senden müssen (Authorization: Bearer …). Nur für diese Sitzung im Speicher gehalten.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="265"/>
        <location filename="../ui/panels/IntakePanel.cpp" line="155"/>
        <source>&amp;Reveal</source>
        <translation>An&amp;zeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="271"/>
        <source>Reveal the session token</source>
        <translation>Sitzungstoken anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="274"/>
        <source>Show or hide the session token</source>
        <translation>Sitzungstoken anzeigen oder verbergen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="281"/>
        <source>Cop&amp;y token</source>
        <translation>Token kop&amp;ieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="284"/>
        <source>Copy the session token</source>
        <translation>Sitzungstoken kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="287"/>
        <source>Copy the session token to the clipboard (cleared after 30 seconds)</source>
        <translation>Das Sitzungstoken in die Zwischenablage kopieren (nach 30 Sekunden geleert)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="312"/>
        <source>Intake views</source>
        <translation>Intake-Ansichten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="316"/>
        <source>&amp;Requests</source>
        <translation>&amp;Anfragen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="324"/>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="334"/>
        <source>Agent, service, path, verdict…</source>
        <translation>Agent, Dienst, Pfad, Urteil …</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="340"/>
        <source>Filter requests</source>
        <translation>Anfragen filtern</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="343"/>
        <source>Show only requests whose client, agent, service, endpoint, auth method or verdict contains this text</source>
        <translation>Nur Anfragen zeigen, deren Client, Agent, Dienst, Endpunkt, Authentifizierungsmethode oder Urteil diesen Text enthält</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="353"/>
        <source>Stat&amp;us:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="363"/>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="366"/>
        <source>Show all requests, or only those answered with 2xx, 4xx or 5xx</source>
        <translation>Alle Anfragen zeigen oder nur die mit 2xx, 4xx oder 5xx beantworteten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="392"/>
        <source>Request count</source>
        <translation>Anzahl der Anfragen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="399"/>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="402"/>
        <source>Clear the request list</source>
        <translation>Anfrageliste leeren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="405"/>
        <source>Forget the requests shown (the stub keeps running)</source>
        <translation>Die angezeigten Anfragen vergessen (der Stub läuft weiter)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="427"/>
        <source>No requests yet</source>
        <translation>Noch keine Anfragen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="439"/>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="442"/>
        <source>Every request the stub answered: time, client, agent, service, endpoint, auth method, status and verdict</source>
        <translation>Jede Anfrage, die der Stub beantwortet hat: Zeit, Client, Agent, Dienst, Endpunkt, Authentifizierungsmethode, Status und Urteil</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="494"/>
        <source>Selected request</source>
        <translation>Ausgewählte Anfrage</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="507"/>
        <source>Copy as c&amp;url</source>
        <translation>Als &amp;curl kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="510"/>
        <source>Copy the request as a curl command</source>
        <translation>Die Anfrage als curl-Befehl kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="513"/>
        <source>Copy a curl command that repeats this request. Credentials appear as $APM_SECRET_TOKEN / $APM_API_KEY, never their values.</source>
        <translation>Einen curl-Befehl kopieren, der diese Anfrage wiederholt. Anmeldedaten erscheinen als $APM_SECRET_TOKEN / $APM_API_KEY, nie als ihre Werte.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="522"/>
        <source>Request details</source>
        <translation>Anfragedetails</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="526"/>
        <source>Re&amp;quest</source>
        <translation>Anf&amp;rage</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="553"/>
        <source>Request line and headers</source>
        <translation>Anfragezeile und Header</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="556"/>
        <source>The request line and headers as received; credentials are redacted</source>
        <translation>Die Anfragezeile und die Header wie empfangen; Anmeldedaten sind geschwärzt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="564"/>
        <source>&amp;Decision</source>
        <translation>&amp;Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="582"/>
        <source>Decision trace</source>
        <translation>Entscheidungsverlauf</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="597"/>
        <source>Each middleware step APM Server runs, its outcome, the rule and the reference section</source>
        <translation>Jeder Middleware-Schritt, den APM Server ausführt, sein Ergebnis, die Regel und der Referenzabschnitt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="601"/>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="606"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="611"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="616"/>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="625"/>
        <source>Res&amp;ponse</source>
        <translation>Ant&amp;wort</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="652"/>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="655"/>
        <source>The status line, headers and body the stub answered with</source>
        <translation>Die Statuszeile, die Header und der Body, mit denen der Stub geantwortet hat</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="672"/>
        <source>A&amp;gent configuration</source>
        <translation>A&amp;gentenkonfiguration</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="678"/>
        <source>Central agent configuration the stub answers on /config/v1/agents, as Kibana would hold it. Edits apply to the running stub at once. Settings are key=value pairs separated by commas, e.g. transaction_sample_rate=0.2, capture_body=all.</source>
        <translation>Zentrale Agentenkonfiguration, mit der der Stub auf /config/v1/agents antwortet, so wie Kibana sie hielte. Änderungen gelten sofort für den laufenden Stub. Einstellungen sind durch Kommas getrennte key=value-Paare, z. B. transaction_sample_rate=0.2, capture_body=all.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="691"/>
        <source>Agent configurations</source>
        <translation>Agentenkonfigurationen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="700"/>
        <source>One row per service (and environment): the settings an agent receives when it asks for its configuration</source>
        <translation>Eine Zeile pro Dienst (und Umgebung): die Einstellungen, die ein Agent erhält, wenn er nach seiner Konfiguration fragt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="707"/>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="712"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="717"/>
        <source>Agent name</source>
        <translation>Agentenname</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="722"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="732"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="735"/>
        <source>Add an agent configuration</source>
        <translation>Agentenkonfiguration hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="738"/>
        <source>Add a configuration row for a service</source>
        <translation>Eine Konfigurationszeile für einen Dienst hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="745"/>
        <source>Re&amp;move</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="748"/>
        <source>Remove the selected agent configuration</source>
        <translation>Ausgewählte Agentenkonfiguration entfernen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="751"/>
        <source>Remove the selected configuration row</source>
        <translation>Die ausgewählte Konfigurationszeile entfernen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="767"/>
        <source>Agent configuration status</source>
        <translation>Status der Agentenkonfiguration</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="780"/>
        <source>&amp;Load…</source>
        <translation>&amp;Laden …</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="783"/>
        <source>Load agent configurations from JSON</source>
        <translation>Agentenkonfigurationen aus JSON laden</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="786"/>
        <source>Replace the rows with a JSON file (the format of serve --agent-config)</source>
        <translation>Die Zeilen durch eine JSON-Datei ersetzen (das Format von serve --agent-config)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="793"/>
        <source>Sa&amp;ve…</source>
        <translation>Spei&amp;chern …</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="796"/>
        <source>Save agent configurations as JSON</source>
        <translation>Agentenkonfigurationen als JSON speichern</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.ui" line="799"/>
        <source>Write the rows to a JSON file usable with serve --agent-config</source>
        <translation>Die Zeilen in eine JSON-Datei schreiben, die mit serve --agent-config verwendbar ist</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="119"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="119"/>
        <source>2xx accepted</source>
        <translation>2xx angenommen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="119"/>
        <source>4xx rejected</source>
        <translation>4xx abgewiesen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="119"/>
        <source>5xx failed</source>
        <translation>5xx fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="155"/>
        <source>&amp;Hide</source>
        <translation>&amp;Verbergen</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="171"/>
        <source>Kibana&apos;s central configuration (agent.config.cache.expiration sets how long agents may cache it; apm-server.kibana.enabled in 7.15)</source>
        <translation>Zentrale Konfiguration von Kibana (agent.config.cache.expiration legt fest, wie lange Agenten sie zwischenspeichern dürfen; apm-server.kibana.enabled in 7.15)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="173"/>
        <source>service.name the agent reports</source>
        <translation>service.name, das der Agent meldet</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="175"/>
        <source>service.environment; empty matches any environment</source>
        <translation>service.environment; leer passt auf jede Umgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="176"/>
        <source>agent.name; empty matches any agent</source>
        <translation>agent.name; leer passt auf jeden Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="178"/>
        <source>key=value pairs, e.g. transaction_sample_rate=0.2. %1</source>
        <translation>key=value-Paare, z. B. transaction_sample_rate=0.2. %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="208"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="209"/>
        <source>Stub stopped</source>
        <translation>Stub gestoppt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="212"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="213"/>
        <source>Stub running on</source>
        <translation>Stub läuft auf</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="216"/>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="217"/>
        <source>Stub refused</source>
        <translation>Stub abgelehnt</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="229"/>
        <source>Re&amp;start</source>
        <translation>Neu &amp;starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="233"/>
        <source>Emulating APM Server %1</source>
        <translation>Bildet APM Server %1 nach</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="234"/>
        <source>The release whose behaviour the stub copies (View → Profile)</source>
        <translation>Die Version, deren Verhalten der Stub nachbildet (Ansicht → Profil)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="235"/>
        <source>· TLS on</source>
        <translation>· TLS an</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="235"/>
        <source>· TLS off</source>
        <translation>· TLS aus</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="236"/>
        <source>apm-server.ssl.enabled: %1 (%2)</source>
        <translation>apm-server.ssl.enabled: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="237"/>
        <source>· Client certificates: %1</source>
        <translation>· Client-Zertifikate: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="239"/>
        <source>apm-server.ssl.client_authentication: %1 (%2)</source>
        <translation>apm-server.ssl.client_authentication: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="242"/>
        <source>secret token</source>
        <translation>geheimes Token</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="244"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="246"/>
        <source>anonymous (RUM)</source>
        <translation>anonym (RUM)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="247"/>
        <source>· Auth: %1</source>
        <translation>· Auth: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="247"/>
        <source>none — anyone may send</source>
        <translation>keine — jeder darf senden</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="248"/>
        <source>apm-server.auth.secret_token / apm-server.auth.api_key.enabled: %1 (%2)</source>
        <translation>apm-server.auth.secret_token / apm-server.auth.api_key.enabled: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="260"/>
        <source>%1 is not set, so the stub asks for this session token (not saved; a new one each session). Give it to agents as ELASTIC_APM_SECRET_TOKEN.</source>
        <translation>%1 ist nicht gesetzt, daher verlangt der Stub dieses Sitzungstoken (nicht gespeichert; jede Sitzung ein neues). Geben Sie es Agenten als ELASTIC_APM_SECRET_TOKEN.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="276"/>
        <source>No requests yet — point an agent at %1

ELASTIC_APM_SERVER_URL=%1</source>
        <translation>Noch keine Anfragen — richten Sie einen Agenten auf %1

ELASTIC_APM_SERVER_URL=%1</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="278"/>
        <source>
ELASTIC_APM_SECRET_TOKEN=&lt;the session token above&gt;</source>
        <translation>
ELASTIC_APM_SECRET_TOKEN=&lt;das Sitzungstoken oben&gt;</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="281"/>
        <source>No requests yet — the stub is not running. Start it to give agents a target.</source>
        <translation>Noch keine Anfragen — der Stub läuft nicht. Starten Sie ihn, um Agenten ein Ziel zu geben.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/IntakePanel.cpp" line="285"/>
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n Anfrage</numerusform>
            <numerusform>%n Anfragen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/IntakePanel.cpp" line="286"/>
        <source>%1 of %n request(s)</source>
        <translation>
            <numerusform>%1 von %n Anfrage</numerusform>
            <numerusform>%1 von %n Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="325"/>
        <source>Select a request to see its headers, the decision and the response.</source>
        <translation>Wählen Sie eine Anfrage aus, um ihre Header, die Entscheidung und die Antwort zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="331"/>
        <source>%1 %2 → %3: %4</source>
        <translation>%1 %2 → %3: %4</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="334"/>
        <source>
— from %1 (%2)</source>
        <translation>
— von %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="334"/>
        <source>peer address</source>
        <translation>Peer-Adresse</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/IntakePanel.cpp" line="336"/>
        <source>, body %n byte(s)</source>
        <translation>
            <numerusform>, Body %n Byte</numerusform>
            <numerusform>, Body %n Byte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/IntakePanel.cpp" line="338"/>
        <source>, %n event(s) accepted</source>
        <translation>
            <numerusform>, %n Ereignis angenommen</numerusform>
            <numerusform>, %n Ereignisse angenommen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="390"/>
        <source># The stub does not keep request bodies: put the body to send in %1.
</source>
        <translation># Der Stub behält keine Anfrage-Bodys: Legen Sie den zu sendenden Body in %1 ab.
</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="506"/>
        <source>row %1 has no service name and is not served</source>
        <translation>Zeile %1 hat keinen Dienstnamen und wird nicht ausgeliefert</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="511"/>
        <source>row %1: “%2” is not key=value</source>
        <translation>Zeile %1: „%2“ ist nicht key=value</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="517"/>
        <source>No configurations: agents get an empty configuration.</source>
        <translation>Keine Konfigurationen: Agenten erhalten eine leere Konfiguration.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/panels/IntakePanel.cpp" line="518"/>
        <source>%n configuration(s) served on /config/v1/agents.</source>
        <translation>
            <numerusform>%n Konfiguration wird auf /config/v1/agents ausgeliefert.</numerusform>
            <numerusform>%n Konfigurationen werden auf /config/v1/agents ausgeliefert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="520"/>
        <source>The endpoint is off in this document: %1</source>
        <translation>Der Endpunkt ist in diesem Dokument aus: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="572"/>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="578"/>
        <source>Load Agent Configurations</source>
        <translation>Agentenkonfigurationen laden</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="579"/>
        <location filename="../ui/panels/IntakePanel.cpp" line="591"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="589"/>
        <source>Save Agent Configurations</source>
        <translation>Agentenkonfigurationen speichern</translation>
    </message>
    <message>
        <location filename="../ui/panels/IntakePanel.cpp" line="597"/>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="16"/>
        <source>Panels</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="19"/>
        <source>Choose a panel with the arrow keys; Ctrl+1, Ctrl+2, … jump to a panel from anywhere.</source>
        <translation>Bereich mit den Pfeiltasten wählen; Strg+1, Strg+2, … springen von überall zu einem Bereich.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="22"/>
        <source>Panels, in the order a setup happens (Ctrl+1, Ctrl+2, …)</source>
        <translation>Bereiche in der Reihenfolge der Einrichtung (Strg+1, Strg+2, …)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="56"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="60"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="78"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="82"/>
        <source>&amp;Profile</source>
        <translation>&amp;Profil</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="95"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="106"/>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="128"/>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="131"/>
        <source>New apm-server.yml with secure defaults (loopback only, secret token by reference, RUM off)</source>
        <translation>Neue apm-server.yml mit sicheren Vorgaben (nur Loopback, geheimes Token als Verweis, RUM aus)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="139"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="142"/>
        <source>Open an apm-server.yml</source>
        <translation>Eine apm-server.yml öffnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="150"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="153"/>
        <source>Review the changes, then write them to the file (a .bak copy of the previous version is kept)</source>
        <translation>Änderungen prüfen und dann in die Datei schreiben (eine .bak-Kopie der vorigen Version bleibt erhalten)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="161"/>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="164"/>
        <source>Save the document under a new file name</source>
        <translation>Das Dokument unter einem neuen Dateinamen speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="172"/>
        <source>Re&amp;vert</source>
        <translation>Zu&amp;rücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="175"/>
        <source>Discard unsaved changes and reload the file from disk</source>
        <translation>Ungespeicherte Änderungen verwerfen und die Datei neu laden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="180"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="183"/>
        <source>Quit APM Gatekeeper (asks about unsaved changes)</source>
        <translation>APM Gatekeeper beenden (fragt nach ungespeicherten Änderungen)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="197"/>
        <source>APM Server &amp;7.15</source>
        <translation>APM Server &amp;7.15</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="200"/>
        <source>Explain the file as APM Server 7.15.2 reads it</source>
        <translation>Die Datei so erklären, wie APM Server 7.15.2 sie liest</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="208"/>
        <source>APM Server &amp;8.19</source>
        <translation>APM Server &amp;8.19</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="211"/>
        <source>Explain the file as APM Server 8.19 reads it</source>
        <translation>Die Datei so erklären, wie APM Server 8.19 sie liest</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="216"/>
        <source>&amp;About APM Gatekeeper</source>
        <translation>Ü&amp;ber APM Gatekeeper</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="224"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="67"/>
        <source>YAML files (*.yml *.yaml);;All files (*)</source>
        <translation>YAML-Dateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="102"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="104"/>
        <source>The apm-server.yml text with syntax highlighting, its problems and pending changes</source>
        <translation>Der Text der apm-server.yml mit Syntaxhervorhebung, ihren Problemen und ausstehenden Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="107"/>
        <source>Effective settings</source>
        <translation>Wirksame Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="109"/>
        <source>What APM Server will actually do with this file, and why</source>
        <translation>Was APM Server mit dieser Datei tatsächlich macht, und warum</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="111"/>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="113"/>
        <source>The embedded APM Server stub: its state, the requests agents send and why each was answered so</source>
        <translation>Der eingebettete APM-Server-Stub: sein Zustand, die Anfragen der Agenten und warum jede so beantwortet wurde</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="117"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="118"/>
        <source>Certificates: generate, import, check, and what each agent needs to trust APM Server</source>
        <translation>Zertifikate: erzeugen, importieren, prüfen, und was jeder Agent braucht, um APM Server zu vertrauen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="161"/>
        <source>Secrets</source>
        <translation>Geheimnisse</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="162"/>
        <source>The secret token: generated into the keychain, referenced from apm-server.yml</source>
        <translation>Das geheime Token: im Schlüsselbund erzeugt, in apm-server.yml als Verweis eingetragen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="186"/>
        <source>API keys</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="187"/>
        <source>API keys: create, invalidate and verify them; auth.api_key.enabled and limit</source>
        <translation>API-Schlüssel: erstellen, ungültig machen und prüfen; auth.api_key.enabled und limit</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="189"/>
        <source>RUM and anonymous</source>
        <translation>RUM und anonym</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="190"/>
        <source>Browser agents: RUM, the origins allowed to send, anonymous access and its rate limits</source>
        <translation>Browser-Agenten: RUM, die zum Senden erlaubten Origins, anonymer Zugriff und seine Ratenlimits</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="193"/>
        <source>Agent kits</source>
        <translation>Agenten-Kits</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="194"/>
        <source>What each Elastic APM agent needs to reach this APM Server, ready to copy</source>
        <translation>Was jeder Elastic-APM-Agent braucht, um diesen APM Server zu erreichen, fertig zum Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="196"/>
        <source>Probe</source>
        <translation>Verbindungstest</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="197"/>
        <source>Send real agent requests and compare every answer with what the configuration&apos;s rules predict</source>
        <translation>Echte Agentenanfragen senden und jede Antwort mit der Vorhersage der Konfigurationsregeln vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="199"/>
        <source>Doctor</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="200"/>
        <source>Test a server URL layer by layer and explain error messages</source>
        <translation>Eine Server-URL Schicht für Schicht testen und Fehlermeldungen erklären</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="261"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="319"/>
        <source>P&amp;rofile:</source>
        <translation>P&amp;rofil:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="325"/>
        <source>APM Server 7.15</source>
        <translation>APM Server 7.15</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="326"/>
        <source>APM Server 8.19</source>
        <translation>APM Server 8.19</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="327"/>
        <source>Emulated APM Server version</source>
        <translation>Nachgebildete APM-Server-Version</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="328"/>
        <source>Which APM Server release to explain the file for. Defaults and implicit rules differ between 7.15 and 8.19 (for example apm-server.host defaults to localhost:8200 in 7.15 and 127.0.0.1:8200 in 8.19; 7.15 still reads deprecated keys).</source>
        <translation>Für welche APM-Server-Version die Datei erklärt wird. Vorgaben und implizite Regeln unterscheiden sich zwischen 7.15 und 8.19 (zum Beispiel ist apm-server.host in 7.15 standardmäßig localhost:8200 und in 8.19 127.0.0.1:8200; 7.15 liest noch veraltete Schlüssel).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="343"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="347"/>
        <source>Emulated profile</source>
        <translation>Nachgebildetes Profil</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="348"/>
        <source>The APM Server release whose behaviour is explained (View → Profile)</source>
        <translation>Die APM-Server-Version, deren Verhalten erklärt wird (Ansicht → Profil)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="351"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="352"/>
        <source>Problems the linter found in this file (see the Configuration panel)</source>
        <translation>Probleme, die die Prüfung in dieser Datei gefunden hat (siehe Bereich Konfiguration)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="374"/>
        <source>Intake stub</source>
        <translation>Intake-Stub</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="387"/>
        <source>The embedded stub is stopped; start it in the Intake panel.</source>
        <translation>Der eingebettete Stub ist gestoppt; starten Sie ihn im Bereich „Intake“.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="390"/>
        <source>Click to copy the stub URL (ELASTIC_APM_SERVER_URL for agents).</source>
        <translation>Klicken, um die Stub-URL zu kopieren (ELASTIC_APM_SERVER_URL für Agenten).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="410"/>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="441"/>
        <source>Profile: APM Server %1</source>
        <translation>Profil: APM Server %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="446"/>
        <source>Save them before starting a new document?</source>
        <translation>Vor dem Anlegen eines neuen Dokuments speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="449"/>
        <source>New document with secure defaults</source>
        <translation>Neues Dokument mit sicheren Vorgaben</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="454"/>
        <location filename="../ui/MainWindow.cpp" line="468"/>
        <source>Save them before opening another file?</source>
        <translation>Vor dem Öffnen einer anderen Datei speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="461"/>
        <source>Open apm-server.yml</source>
        <translation>apm-server.yml öffnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="479"/>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="483"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="502"/>
        <source>Save apm-server.yml As</source>
        <translation>apm-server.yml speichern unter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="513"/>
        <source>Cannot save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="528"/>
        <source>Could not save %1</source>
        <translation>%1 konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="533"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="542"/>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="544"/>
        <source>Discard all changes and start again from the secure defaults?</source>
        <translation>Alle Änderungen verwerfen und mit den sicheren Vorgaben neu beginnen?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="545"/>
        <source>Discard all changes since the last save and reload “%1” from disk?</source>
        <translation>Alle Änderungen seit dem letzten Speichern verwerfen und „%1“ neu laden?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="552"/>
        <source>Could not revert</source>
        <translation>Zurücksetzen fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="563"/>
        <source>Save them before quitting?</source>
        <translation>Vor dem Beenden speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="577"/>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="578"/>
        <source>“%1” has unsaved changes.</source>
        <translation>„%1“ hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="606"/>
        <source>%1[*] — APM Gatekeeper</source>
        <translation>%1[*] — APM Gatekeeper</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="615"/>
        <source>%1 — unsaved changes</source>
        <translation>%1 — ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="640"/>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="644"/>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../ui/widgets/MessageBar.cpp" line="37"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MessageBar.cpp" line="38"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/MessageBar.cpp" line="39"/>
        <source>Information</source>
        <translation>Information</translation>
    </message>
</context>
<context>
    <name>Probe::ProbeSession</name>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="77"/>
        <source>Cannot read the %1 %2</source>
        <translation>%1 %2 kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="78"/>
        <location filename="../app/probe/ProbeSession.cpp" line="95"/>
        <source>Check the path and its permissions.</source>
        <translation>Prüfen Sie den Pfad und seine Berechtigungen.</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="83"/>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="84"/>
        <source>Give a PEM file (-----BEGIN CERTIFICATE-----).</source>
        <translation>Geben Sie eine PEM-Datei an (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="94"/>
        <source>Cannot read the client key %1</source>
        <translation>Der Client-Schlüssel %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="104"/>
        <source>%1 holds no unencrypted PEM private key</source>
        <translation>%1 enthält keinen unverschlüsselten privaten PEM-Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="105"/>
        <source>Give the client certificate&apos;s key as unencrypted PEM.</source>
        <translation>Geben Sie den Schlüssel des Client-Zertifikats als unverschlüsseltes PEM an.</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="136"/>
        <source>Cannot create a temporary directory</source>
        <translation>Ein temporäres Verzeichnis kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="197"/>
        <source>embedded stub</source>
        <translation>eingebetteter Stub</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="248"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="255"/>
        <source>the expectations assume your API key holds all three privileges</source>
        <translation>die Erwartungen setzen voraus, dass Ihr API-Schlüssel alle drei Berechtigungen hat</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="260"/>
        <source>the burst sends up to 3 × event_limit + 10 anonymous requests within 2 s to %1: run it only against your own server</source>
        <translation>der Burst sendet bis zu 3 × event_limit + 10 anonyme Anfragen innerhalb von 2 s an %1: führen Sie ihn nur gegen Ihren eigenen Server aus</translation>
    </message>
    <message>
        <location filename="../app/probe/ProbeSession.cpp" line="267"/>
        <source>burst: at most %1 requests within 2 s to %2</source>
        <translation>Burst: höchstens %1 Anfragen innerhalb von 2 s an %2</translation>
    </message>
</context>
<context>
    <name>ProbePanel</name>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="34"/>
        <source>Embedded stub serving this document</source>
        <translation>Eingebetteter Stub, der dieses Dokument bedient</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="31"/>
        <source>Start APM Server&apos;s rules for this document on 127.0.0.1 and probe them</source>
        <translation>Die Regeln von APM Server für dieses Dokument auf 127.0.0.1 starten und testen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="50"/>
        <source>APM Server URL:</source>
        <translation>APM-Server-URL:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="47"/>
        <source>Probe a running APM Server (or a proxy in front of it)</source>
        <translation>Einen laufenden APM Server (oder einen vorgeschalteten Proxy) testen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="63"/>
        <source>APM Server URL</source>
        <translation>APM-Server-URL</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="60"/>
        <source>The URL the agents use; typing here selects it as the target</source>
        <translation>Die URL, die die Agenten verwenden; eine Eingabe hier wählt sie als Ziel</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="22"/>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="100"/>
        <source>Secret token</source>
        <translation>Geheimes Token</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="97"/>
        <source>The value of apm-server.auth.secret_token, typed (kept in memory only; reports show $APM_SECRET_TOKEN)</source>
        <translation>Der Wert von apm-server.auth.secret_token, eingegeben (nur im Speicher gehalten; Berichte zeigen $APM_SECRET_TOKEN)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="109"/>
        <source>type the token</source>
        <translation>Token eingeben</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="90"/>
        <source>Secret token keychain entry</source>
        <translation>Schlüsselbund-Eintrag für das geheime Token</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="87"/>
        <source>Take the secret token from this keychain entry (a ${NAME} the document references), or type it</source>
        <translation>Das geheime Token aus diesem Schlüsselbund-Eintrag nehmen (ein ${NAME}, auf den das Dokument verweist) oder eingeben</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="129"/>
        <source>API key keychain entry</source>
        <translation>Schlüsselbund-Eintrag für den API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="126"/>
        <source>Take the API key credentials (base64 of id:api_key) from this keychain entry, or type them</source>
        <translation>Die Anmeldedaten des API-Schlüssels (base64 von id:api_key) aus diesem Schlüsselbund-Eintrag nehmen oder eingeben</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="139"/>
        <source>API key credentials</source>
        <translation>Anmeldedaten des API-Schlüssels</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="136"/>
        <source>base64(id:api_key) as agents send it after &quot;ApiKey &quot;, typed (kept in memory only; reports show $APM_API_KEY)</source>
        <translation>base64(id:api_key), wie Agenten es nach &quot;ApiKey &quot; senden, eingegeben (nur im Speicher gehalten; Berichte zeigen $APM_API_KEY)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="148"/>
        <source>type base64(id:api_key)</source>
        <translation>base64(id:api_key) eingeben</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="172"/>
        <source>CA certificate file</source>
        <translation>CA-Zertifikatsdatei</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="169"/>
        <source>PEM file of the CA that signed the server certificate (apm-server.ssl.certificate)</source>
        <translation>PEM-Datei der CA, die das Serverzertifikat signiert hat (apm-server.ssl.certificate)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="175"/>
        <source>path to ca.pem</source>
        <translation>Pfad zu ca.pem</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="195"/>
        <source>Page origin</source>
        <translation>Seiten-Origin</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="192"/>
        <source>The origin of the page the RUM agent runs in, checked against apm-server.rum.allow_origins</source>
        <translation>Der Origin der Seite, in der der RUM-Agent läuft, geprüft gegen apm-server.rum.allow_origins</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="116"/>
        <source>&amp;API key:</source>
        <translation>&amp;API-Schlüssel:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="75"/>
        <source>Secret &amp;token:</source>
        <translation>Geheimes &amp;Token:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="182"/>
        <source>&amp;Origin:</source>
        <translation>&amp;Origin:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="157"/>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="214"/>
        <source>Run probe</source>
        <translation>Test starten</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="211"/>
        <source>Send every scenario to the target (Ctrl+Return)</source>
        <translation>Jedes Szenario an das Ziel senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="230"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="227"/>
        <source>Stop the run; the scenarios answered so far stay</source>
        <translation>Den Lauf beenden; die bisher beantworteten Szenarien bleiben</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="316"/>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="313"/>
        <source>Save the report as HTML, JSON or JUnit XML</source>
        <translation>Den Bericht als HTML, JSON oder JUnit-XML speichern</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="237"/>
        <source>Probe progress</source>
        <translation>Testfortschritt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="247"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="244"/>
        <source>Show all scenarios, only failures, or one category</source>
        <translation>Alle Szenarien, nur Fehlschläge oder eine Kategorie anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="14"/>
        <source>Probe</source>
        <translation>Verbindungstest</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="217"/>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="251"/>
        <source>All scenarios</source>
        <translation>Alle Szenarien</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="256"/>
        <source>Failures only</source>
        <translation>Nur Fehlschläge</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="261"/>
        <source>credentials</source>
        <translation>Anmeldedaten</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="266"/>
        <source>anonymous</source>
        <translation>anonym</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="271"/>
        <source>RUM origin</source>
        <translation>RUM-Origin</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="276"/>
        <source>burst</source>
        <translation>Burst</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="281"/>
        <location filename="../ui/panels/ProbePanel.cpp" line="356"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="286"/>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="300"/>
        <source>Filter…</source>
        <translation>Filtern …</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="297"/>
        <source>Filter scenarios</source>
        <translation>Szenarien filtern</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="294"/>
        <source>Show the scenarios whose row contains this text</source>
        <translation>Die Szenarien zeigen, deren Zeile diesen Text enthält</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="325"/>
        <source>Not run yet.</source>
        <translation>Noch nicht ausgeführt.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="51"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="51"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="51"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="51"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="51"/>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="52"/>
        <source>Actual</source>
        <translation>Tatsächlich</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="52"/>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="348"/>
        <source>Scenario matrix</source>
        <translation>Szenariomatrix</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="345"/>
        <source>One row per request; select a row (arrow keys) for its details</source>
        <translation>Eine Zeile pro Anfrage; wählen Sie eine Zeile (Pfeiltasten) für ihre Details</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.ui" line="395"/>
        <source>Scenario details</source>
        <translation>Szenariodetails</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="117"/>
        <source>typed:</source>
        <translation>eingegeben:</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="127"/>
        <source>No keychain is available here: type the secret token</source>
        <translation>Hier ist kein Schlüsselbund verfügbar: Geben Sie das geheime Token ein</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="128"/>
        <source>No keychain is available here: type the API key credentials</source>
        <translation>Hier ist kein Schlüsselbund verfügbar: Geben Sie die Anmeldedaten des API-Schlüssels ein</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="194"/>
        <source>Reading the credentials from the keychain (%1)…</source>
        <translation>Anmeldedaten werden aus dem Schlüsselbund gelesen (%1) …</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="204"/>
        <source>${%1}: %2</source>
        <translation>${%1}: %2</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="217"/>
        <source>Cannot read the credentials from the keychain: %1. Store them in the Secrets panel or choose &quot;typed&quot; and type them.</source>
        <translation>Die Anmeldedaten können nicht aus dem Schlüsselbund gelesen werden: %1. Speichern Sie sie im Bereich „Geheimnisse“ oder wählen Sie „eingegeben“ und geben Sie sie ein.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="238"/>
        <source>Cannot run: %1</source>
        <translation>Ausführen nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="243"/>
        <source>Probing %1…</source>
        <translation>%1 wird getestet …</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="260"/>
        <source>✔ pass</source>
        <translation>✔ bestanden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="260"/>
        <source>✘ FAIL</source>
        <translation>✘ FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="265"/>
        <location filename="../ui/panels/ProbePanel.cpp" line="319"/>
        <source>handshake fails</source>
        <translation>Handshake scheitert</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="284"/>
        <source>%1 of %2 scenarios as expected in %3 ms against %4.</source>
        <translation>%1 von %2 Szenarien wie erwartet in %3 ms gegen %4.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="290"/>
        <source> The server behaves like APM Server %1.</source>
        <translation> Der Server verhält sich wie APM Server %1.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="292"/>
        <source>Note: %1.</source>
        <translation>Hinweis: %1.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="314"/>
        <source>%1 — %2 · %3

</source>
        <translation>%1 — %2 · %3

</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="314"/>
        <source>PASS</source>
        <translation>BESTANDEN</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="314"/>
        <source>FAIL</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="315"/>
        <source>Request:  %1 %2%3
</source>
        <translation>Anfrage:     %1 %2%3
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="318"/>
        <source>          Authorization: %1
</source>
        <translation>             Authorization: %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="319"/>
        <source>Expected: %1 — %2 (%3)
</source>
        <translation>Erwartet:    %1 — %2 (%3)
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="322"/>
        <source>Actual:   %1
</source>
        <translation>Tatsächlich: %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="324"/>
        <source>Differs:  %1
</source>
        <translation>Abweichend:  %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="326"/>
        <source>
%1: %2
Fix: %3
</source>
        <translation>
%1: %2
Abhilfe: %3
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="328"/>
        <source>
TLS: %1, %2; ALPN: %3; chain: %4
</source>
        <translation>
TLS: %1, %2; ALPN: %3; Kette: %4
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="329"/>
        <source>none chosen</source>
        <translation>keines ausgewählt</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="332"/>
        <source>HTTP version: %1
</source>
        <translation>HTTP-Version: %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="334"/>
        <source>Timing: %1
</source>
        <translation>Zeitverlauf: %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="336"/>
        <source>TLS verification: %1
</source>
        <translation>TLS-Prüfung: %1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="337"/>
        <source>
Response headers:
</source>
        <translation>
Antwort-Header:
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="340"/>
        <source>Body:
%1
</source>
        <translation>Body:
%1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="341"/>
        <source>
curl:
%1
</source>
        <translation>
curl:
%1
</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="355"/>
        <source>queued</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="355"/>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="356"/>
        <source>connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="357"/>
        <source>first byte</source>
        <translation>erstes Byte</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="357"/>
        <source>rest</source>
        <translation>Rest</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="358"/>
        <source>reused connection</source>
        <translation>wiederverwendete Verbindung</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="359"/>
        <source>total %1 ms</source>
        <translation>gesamt %1 ms</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="390"/>
        <source>Cannot export: %1</source>
        <translation>Export nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="392"/>
        <source>Report written to %1.</source>
        <translation>Bericht in %1 geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="397"/>
        <source>Export probe report</source>
        <translation>Testbericht exportieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/ProbePanel.cpp" line="398"/>
        <source>HTML report (*.html);;JSON (*.json);;JUnit XML (*.xml)</source>
        <translation>HTML-Bericht (*.html);;JSON (*.json);;JUnit-XML (*.xml)</translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="91"/>
        <source>%1 (from the %2)</source>
        <translation>%1 (laut %2)</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="91"/>
        <source>peer address</source>
        <translation>Peer-Adresse</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="93"/>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="110"/>
        <source>Status %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="120"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="122"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="124"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="126"/>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="128"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="130"/>
        <source>Auth</source>
        <translation>Auth</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="132"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/models/RequestLogModel.cpp" line="134"/>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
</context>
<context>
    <name>RumPanel</name>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="9"/>
        <source>RUM and anonymous access</source>
        <translation>RUM und anonymer Zugriff</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="18"/>
        <source>&amp;Accept events from browsers (RUM)</source>
        <translation>Ereignisse von Browsern &amp;annehmen (RUM)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="19"/>
        <source>RUM enabled</source>
        <translation>RUM aktiviert</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="20"/>
        <source>apm-server.rum.enabled: the /intake/v2/rum/events endpoint for the browser agent</source>
        <translation>apm-server.rum.enabled: der Endpunkt /intake/v2/rum/events für den Browser-Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="25"/>
        <source>Allowed &amp;origins (one per line; * matches any run of characters):</source>
        <translation>Erlaubte &amp;Origins (einer pro Zeile; * passt auf eine beliebige Zeichenfolge):</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="31"/>
        <source>Allowed origins</source>
        <translation>Erlaubte Origins</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="32"/>
        <source>apm-server.rum.allow_origins: the Origin of the pages allowed to send events, e.g. https://shop.example.com (scheme, host and port; no path, no trailing slash)</source>
        <translation>apm-server.rum.allow_origins: der Origin der Seiten, die Ereignisse senden dürfen, z. B. https://shop.example.com (Schema, Host und Port; kein Pfad, kein abschließender Schrägstrich)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="41"/>
        <source>Problems with the origins</source>
        <translation>Probleme mit den Origins</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="48"/>
        <source>&amp;Try an origin:</source>
        <translation>Origin &amp;testen:</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="54"/>
        <source>Sample origin</source>
        <translation>Beispiel-Origin</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="55"/>
        <source>https://shop.example.com</source>
        <translation>https://shop.example.com</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="56"/>
        <source>An Origin header as a browser sends it; checked against apm-server.rum.allow_origins as edited above</source>
        <translation>Ein Origin-Header, wie ein Browser ihn sendet; geprüft gegen apm-server.rum.allow_origins wie oben bearbeitet</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="61"/>
        <source>Sample origin result</source>
        <translation>Ergebnis für den Beispiel-Origin</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="79"/>
        <source>A&amp;pply to the document</source>
        <translation>Auf das Dokument an&amp;wenden</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="80"/>
        <source>Apply RUM settings</source>
        <translation>RUM-Einstellungen anwenden</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="81"/>
        <source>Write apm-server.rum.enabled and apm-server.rum.allow_origins into the document (comments and layout kept)</source>
        <translation>apm-server.rum.enabled und apm-server.rum.allow_origins in das Dokument schreiben (Kommentare und Layout bleiben erhalten)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="88"/>
        <source>Anonymous access and rate limits (effective, for the chosen profile)</source>
        <translation>Anonymer Zugriff und Ratenlimits (wirksam, für das gewählte Profil)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="94"/>
        <source>Anonymous access</source>
        <translation>Anonymer Zugriff</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="95"/>
        <source>apm-server.auth.anonymous.enabled, allow_agent and allow_service as APM Server will apply them</source>
        <translation>apm-server.auth.anonymous.enabled, allow_agent und allow_service, wie APM Server sie anwendet</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="102"/>
        <source>Rate limits</source>
        <translation>Ratenlimits</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.ui" line="103"/>
        <source>apm-server.auth.anonymous.rate_limit.event_limit and ip_limit</source>
        <translation>apm-server.auth.anonymous.rate_limit.event_limit und ip_limit</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="94"/>
        <source>Not applied yet: the checks run on the document once applied.</source>
        <translation>Noch nicht angewendet: Die Prüfungen laufen auf dem Dokument, sobald angewendet.</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="106"/>
        <source>allowed (matches %1)</source>
        <translation>erlaubt (passt auf %1)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="110"/>
        <source>not allowed: the preflight gets no Access-Control-Allow-Origin and events get 403</source>
        <translation>nicht erlaubt: Der Preflight erhält kein Access-Control-Allow-Origin und Ereignisse erhalten 403</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="117"/>
        <source>Anonymous access: %1 (%2)</source>
        <translation>Anonymer Zugriff: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="120"/>
        <source>Agents allowed without credentials (allow_agent): %1</source>
        <translation>Ohne Anmeldedaten erlaubte Agenten (allow_agent): %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="121"/>
        <location filename="../ui/panels/RumPanel.cpp" line="124"/>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="123"/>
        <source>Services (allow_service): %1</source>
        <translation>Dienste (allow_service): %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="127"/>
        <source>The browser agent sends no credentials: with anonymous access off it gets 401.</source>
        <translation>Der Browser-Agent sendet keine Anmeldedaten: Bei ausgeschaltetem anonymem Zugriff erhält er 401.</translation>
    </message>
    <message>
        <location filename="../ui/panels/RumPanel.cpp" line="131"/>
        <source>Each client IP may send %1 events per second, in bursts of up to %2 (3 × event_limit). %3 client IPs are tracked (ip_limit); a new one beyond that takes over the least recently used IP&apos;s budget, so anonymous clients together send at most about %4 events per second. Clients behind one NAT or proxy share one IP&apos;s budget, and the forwarding headers that set the client IP (Forwarded, X-Real-IP, X-Forwarded-For) can be spoofed unless a proxy rewrites them (§3.6).</source>
        <translation>Jede Client-IP darf %1 Ereignisse pro Sekunde senden, in Bursts von bis zu %2 (3 × event_limit). %3 Client-IPs werden verfolgt (ip_limit); eine neue darüber hinaus übernimmt das Budget der am längsten nicht genutzten IP, sodass anonyme Clients zusammen höchstens etwa %4 Ereignisse pro Sekunde senden. Clients hinter einem NAT oder Proxy teilen sich das Budget einer IP, und die Weiterleitungs-Header, die die Client-IP bestimmen (Forwarded, X-Real-IP, X-Forwarded-For), können gefälscht werden, sofern kein Proxy sie umschreibt (§3.6).</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../app/secrets/SecretStore.cpp" line="16"/>
        <source>&apos;%1&apos; cannot be used as a secret name.</source>
        <translation>„%1“ kann nicht als Name eines Geheimnisses verwendet werden.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretStore.cpp" line="18"/>
        <source>Use letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;, starting with a letter or &apos;_&apos; (it is written into apm-server.yml as ${NAME}).</source>
        <translation>Verwenden Sie Buchstaben, Ziffern, „_“, „.“ oder „-“, beginnend mit einem Buchstaben oder „_“ (es wird als ${NAME} in apm-server.yml geschrieben).</translation>
    </message>
    <message>
        <location filename="../app/secrets/MemorySecretStore.cpp" line="17"/>
        <source>No secret named %1 is stored.</source>
        <translation>Es ist kein Geheimnis namens %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/secrets/MemorySecretStore.cpp" line="36"/>
        <source>No secure store is available.</source>
        <translation>Kein sicherer Speicher verfügbar.</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="21"/>
        <source>A secret token needs %1 to %2 random bytes, not %3.</source>
        <translation>Ein geheimes Token braucht %1 bis %2 zufällige Bytes, nicht %3.</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="31"/>
        <source>The random number generator failed.</source>
        <translation>Der Zufallszahlengenerator ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="76"/>
        <source>the token is empty</source>
        <translation>das Token ist leer</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="100"/>
        <source>it contains whitespace or control characters, which an Authorization header cannot carry</source>
        <translation>es enthält Leerraum oder Steuerzeichen, die ein Authorization-Header nicht transportieren kann</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="103"/>
        <source>it contains non-ASCII characters, which agents may encode differently</source>
        <translation>es enthält Nicht-ASCII-Zeichen, die Agenten unterschiedlich kodieren können</translation>
    </message>
    <message>
        <location filename="../app/secrets/TokenGenerator.cpp" line="112"/>
        <source>it is shorter than 20 characters</source>
        <translation>es ist kürzer als 20 Zeichen</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="50"/>
        <source>No secret named %1 is in the keychain.</source>
        <translation>Im Schlüsselbund gibt es kein Geheimnis namens %1.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="54"/>
        <source>No secure store is available: the keychain is locked or refused access.</source>
        <translation>Kein sicherer Speicher verfügbar: Der Schlüsselbund ist gesperrt oder hat den Zugriff verweigert.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="57"/>
        <source>Unlock the login keyring (for example in &quot;Passwords and Keys&quot;) and try again. Secrets are never written to a file instead.</source>
        <translation>Entsperren Sie den Anmelde-Schlüsselbund (zum Beispiel in „Passwörter und Schlüssel“) und versuchen Sie es erneut. Geheimnisse werden nie ersatzweise in eine Datei geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="64"/>
        <source>No secure store is available: no Secret Service answered.</source>
        <translation>Kein sicherer Speicher verfügbar: Kein Secret Service hat geantwortet.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="65"/>
        <source>Start a Secret Service provider (gnome-keyring or KWallet) in your desktop session, or give APM Server and the agents the value through an environment variable. Secrets are never written to a file instead.</source>
        <translation>Starten Sie einen Secret-Service-Anbieter (gnome-keyring oder KWallet) in Ihrer Desktop-Sitzung oder geben Sie APM Server und den Agenten den Wert über eine Umgebungsvariable. Geheimnisse werden nie ersatzweise in eine Datei geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="71"/>
        <source>The keychain could not delete %1.</source>
        <translation>Der Schlüsselbund konnte %1 nicht löschen.</translation>
    </message>
    <message>
        <location filename="../app/secrets/KeychainSecretStore.cpp" line="77"/>
        <source>The keychain reported an error.</source>
        <translation>Der Schlüsselbund hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretIndex.cpp" line="47"/>
        <source>Cannot create the folder %1 for the secrets index.</source>
        <translation>Der Ordner %1 für den Geheimnis-Index kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretIndex.cpp" line="54"/>
        <source>The secrets index %1 is locked by another process.</source>
        <translation>Der Geheimnis-Index %1 ist von einem anderen Prozess gesperrt.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretIndex.cpp" line="56"/>
        <source>Wait for the other apm-gatekeeper to finish, or remove the stale .lock file.</source>
        <translation>Warten Sie, bis das andere apm-gatekeeper fertig ist, oder entfernen Sie die veraltete .lock-Datei.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretIndex.cpp" line="74"/>
        <source>The secrets index %1 is damaged.</source>
        <translation>Der Geheimnis-Index %1 ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../app/secrets/SecretIndex.cpp" line="76"/>
        <source>Restore it from %1.bak, or remove it (the keychain entries stay).</source>
        <translation>Stellen Sie ihn aus %1.bak wieder her oder entfernen Sie ihn (die Schlüsselbund-Einträge bleiben erhalten).</translation>
    </message>
</context>
<context>
    <name>SecretsPanel</name>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="9"/>
        <source>Secrets</source>
        <translation>Geheimnisse</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="19"/>
        <source>The secret token lives in the OS keychain; apm-server.yml holds only its ${NAME} reference.</source>
        <translation>Das geheime Token liegt im Schlüsselbund des Betriebssystems; apm-server.yml enthält nur seinen ${NAME}-Verweis.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="26"/>
        <source>Keychain state</source>
        <translation>Zustand des Schlüsselbunds</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="33"/>
        <source>Secret token</source>
        <translation>Geheimes Token</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="37"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="43"/>
        <source>Token name</source>
        <translation>Tokenname</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="44"/>
        <source>The name apm-server.auth.secret_token refers to as ${NAME}; APM Server reads it from its keystore or the environment</source>
        <translation>Der Name, auf den apm-server.auth.secret_token als ${NAME} verweist; APM Server liest ihn aus seinem Keystore oder der Umgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="49"/>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="57"/>
        <source>Token value</source>
        <translation>Tokenwert</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="60"/>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="61"/>
        <source>The value behind apm-server.auth.secret_token, from the keychain (hidden unless revealed)</source>
        <translation>Der Wert hinter apm-server.auth.secret_token, aus dem Schlüsselbund (verborgen, sofern nicht angezeigt)</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="66"/>
        <source>&amp;Reveal</source>
        <translation>An&amp;zeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="68"/>
        <source>Reveal the token</source>
        <translation>Token anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="69"/>
        <source>Show or hide the token</source>
        <translation>Token anzeigen oder verbergen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="74"/>
        <source>C&amp;opy</source>
        <translation>K&amp;opieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="75"/>
        <source>Copy the token</source>
        <translation>Token kopieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="76"/>
        <source>Copy the token; clipboard managers are asked not to record it, and it is cleared after 30 seconds</source>
        <translation>Das Token kopieren; Zwischenablage-Verwaltungen werden gebeten, es nicht aufzuzeichnen, und es wird nach 30 Sekunden gelöscht</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="83"/>
        <source>Strength:</source>
        <translation>Stärke:</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="88"/>
        <source>Token strength</source>
        <translation>Tokenstärke</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="89"/>
        <source>Estimated from the token&apos;s characters; generated tokens carry 256 random bits</source>
        <translation>Aus den Zeichen des Tokens geschätzt; erzeugte Tokens haben 256 zufällige Bits</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="96"/>
        <source>&amp;Generate new token</source>
        <translation>Neues Token &amp;erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="97"/>
        <source>Generate a new token</source>
        <translation>Ein neues Token erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="98"/>
        <source>32 random bytes from OpenSSL&apos;s CSPRNG, stored in the keychain; apm-server.auth.secret_token becomes ${NAME}. Rotating replaces the old value: agents need the new one.</source>
        <translation>32 zufällige Bytes aus dem CSPRNG von OpenSSL, im Schlüsselbund gespeichert; apm-server.auth.secret_token wird zu ${NAME}. Erneuern ersetzt den alten Wert: Agenten brauchen den neuen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="103"/>
        <source>&amp;Load from keychain</source>
        <translation>Aus Schlüsselbund &amp;laden</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="104"/>
        <source>Load the token from the keychain</source>
        <translation>Das Token aus dem Schlüsselbund laden</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="105"/>
        <source>Read the value stored under NAME</source>
        <translation>Den unter NAME gespeicherten Wert lesen</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.ui" line="129"/>
        <source>How APM Server gets the value of apm-server.auth.secret_token without it being written into the file</source>
        <translation>Wie APM Server den Wert von apm-server.auth.secret_token erhält, ohne dass er in die Datei geschrieben wird</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="79"/>
        <source>Keychain: %1 (not asked yet)</source>
        <translation>Schlüsselbund: %1 (noch nicht abgefragt)</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="82"/>
        <source>Keychain: %1, available</source>
        <translation>Schlüsselbund: %1, verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="106"/>
        <source>&apos;%1&apos; cannot be written as ${NAME}: use letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation>„%1“ kann nicht als ${NAME} geschrieben werden: Verwenden Sie Buchstaben, Ziffern, „_“, „.“ oder „-“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="108"/>
        <source>apm-server.auth.secret_token is in clear text in the file: generate a token to move it to the keychain.</source>
        <translation>apm-server.auth.secret_token steht im Klartext in der Datei: Erzeugen Sie ein Token, um es in den Schlüsselbund zu verschieben.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="111"/>
        <source>The token is sent without TLS (apm-server.ssl.enabled is off): anyone on the path can read it.</source>
        <translation>Das Token wird ohne TLS gesendet (apm-server.ssl.enabled ist aus): Jeder auf dem Weg kann es lesen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="115"/>
        <source>Give APM Server the value without writing it into the file:
  apm-gatekeeper secret get %1 | apm-server keystore add %1 --stdin --force
or set the environment variable %1 for APM Server. Agents: the Agent kits panel.</source>
        <translation>Geben Sie APM Server den Wert, ohne ihn in die Datei zu schreiben:
  apm-gatekeeper secret get %1 | apm-server keystore add %1 --stdin --force
oder setzen Sie die Umgebungsvariable %1 für APM Server. Agenten: Bereich „Agenten-Kits“.</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="127"/>
        <source>%1 (about %2 bits)</source>
        <translation>%1 (etwa %2 Bit)</translation>
    </message>
    <message>
        <location filename="../ui/panels/SecretsPanel.cpp" line="128"/>
        <source>%1 (about %2 bits): %3</source>
        <translation>%1 (etwa %2 Bit): %3</translation>
    </message>
</context>
<context>
    <name>StubController</name>
    <message>
        <location filename="../ui/support/StubController.cpp" line="61"/>
        <source>Stub running on %1</source>
        <translation>Stub läuft auf %1</translation>
    </message>
    <message>
        <location filename="../ui/support/StubController.cpp" line="63"/>
        <source>Stub refused: %1</source>
        <translation>Stub abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../ui/support/StubController.cpp" line="67"/>
        <source>Stub stopped</source>
        <translation>Stub gestoppt</translation>
    </message>
    <message>
        <location filename="../ui/support/StubController.cpp" line="110"/>
        <source>APM Server would not start: %1: %2</source>
        <translation>APM Server würde nicht starten: %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/support/StubController.cpp" line="125"/>
        <source>%1 is not set: the stub uses a session token (not saved)</source>
        <translation>%1 ist nicht gesetzt: Der Stub verwendet ein Sitzungstoken (nicht gespeichert)</translation>
    </message>
    <message>
        <location filename="../ui/support/StubController.cpp" line="170"/>
        <source>Stopped by you; Start serves the document again.</source>
        <translation>Von Ihnen gestoppt; „Starten“ stellt das Dokument wieder bereit.</translation>
    </message>
</context>
<context>
    <name>TimingBar</name>
    <message>
        <location filename="../ui/widgets/TimingBar.cpp" line="23"/>
        <source>Request timing</source>
        <translation>Zeitverlauf der Anfrage</translation>
    </message>
</context>
<context>
    <name>Tls::Certificate</name>
    <message>
        <location filename="../app/tls/Certificate.cpp" line="52"/>
        <source>Not a DER certificate.</source>
        <translation>Kein DER-Zertifikat.</translation>
    </message>
</context>
<context>
    <name>Tls::CertificateImporter</name>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="21"/>
        <source>certificate %1%2</source>
        <translation>Zertifikat %1%2</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="22"/>
        <source> (CA)</source>
        <translation> (CA)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="42"/>
        <source>%1: a CERTIFICATE block is damaged.</source>
        <translation>%1: Ein CERTIFICATE-Block ist beschädigt.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="52"/>
        <source>encrypted private key (needs its passphrase)</source>
        <translation>verschlüsselter privater Schlüssel (braucht seine Passphrase)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="63"/>
        <source>encrypted private key, %1</source>
        <translation>verschlüsselter privater Schlüssel, %1</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="64"/>
        <location filename="../app/tls/CertificateImporter.cpp" line="137"/>
        <location filename="../app/tls/CertificateImporter.cpp" line="197"/>
        <source>private key, %1</source>
        <translation>privater Schlüssel, %1</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="68"/>
        <source>certificate signing request (not a certificate: have it signed by a CA)</source>
        <translation>Zertifikatsanforderung (kein Zertifikat: lassen Sie sie von einer CA signieren)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="72"/>
        <source>%1 block (not used here)</source>
        <translation>%1-Block (hier nicht verwendet)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="78"/>
        <source>%1 holds no PEM block.</source>
        <translation>%1 enthält keinen PEM-Block.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="79"/>
        <source>Expected &quot;-----BEGIN CERTIFICATE-----&quot; or &quot;-----BEGIN PRIVATE KEY-----&quot;.</source>
        <translation>Erwartet wurde &quot;-----BEGIN CERTIFICATE-----&quot; oder &quot;-----BEGIN PRIVATE KEY-----&quot;.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="92"/>
        <source>%1 is not PEM, DER or PKCS#12.</source>
        <translation>%1 ist weder PEM noch DER noch PKCS#12.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="103"/>
        <source>%1 is a PKCS#12 file protected by a password.</source>
        <translation>%1 ist eine passwortgeschützte PKCS#12-Datei.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="106"/>
        <source>%1: the PKCS#12 password is wrong.</source>
        <translation>%1: Das PKCS#12-Passwort ist falsch.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="108"/>
        <source>Give the PKCS#12 password.</source>
        <translation>Geben Sie das PKCS#12-Passwort an.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="116"/>
        <source>%1: cannot read the PKCS#12 contents.</source>
        <translation>%1: Der Inhalt der PKCS#12-Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="118"/>
        <source>Old RC2-40 encrypted files need re-exporting with AES.</source>
        <translation>Alte, mit RC2-40 verschlüsselte Dateien müssen mit AES neu exportiert werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="141"/>
        <source>empty PKCS#12 (no certificate, no key)</source>
        <translation>leere PKCS#12-Datei (kein Zertifikat, kein Schlüssel)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="205"/>
        <source>%1 is not a certificate or key file (PEM, DER or PKCS#12).</source>
        <translation>%1 ist keine Zertifikats- oder Schlüsseldatei (PEM, DER oder PKCS#12).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateImporter.cpp" line="209"/>
        <source>Export the certificate as PEM (&quot;-----BEGIN CERTIFICATE-----&quot;).</source>
        <translation>Exportieren Sie das Zertifikat als PEM (&quot;-----BEGIN CERTIFICATE-----&quot;).</translation>
    </message>
</context>
<context>
    <name>Tls::CertificateInfo</name>
    <message numerus="yes">
        <location filename="../app/tls/CertificateInfo.cpp" line="190"/>
        <source>not valid for another %n day(s)</source>
        <translation>
            <numerusform>noch %n Tag nicht gültig</numerusform>
            <numerusform>noch %n Tage nicht gültig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/tls/CertificateInfo.cpp" line="193"/>
        <source>expired %n day(s) ago</source>
        <translation>
            <numerusform>seit %n Tag abgelaufen</numerusform>
            <numerusform>seit %n Tagen abgelaufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/tls/CertificateInfo.cpp" line="194"/>
        <source>valid for %n more day(s)</source>
        <translation>
            <numerusform>noch %n Tag gültig</numerusform>
            <numerusform>noch %n Tage gültig</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="203"/>
        <source>Subject</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="204"/>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="204"/>
        <source> (self-signed)</source>
        <translation> (selbstsigniert)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="211"/>
        <source>Subject alt names</source>
        <translation>Alternative Inhabernamen</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="211"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="212"/>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="213"/>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="214"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="215"/>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="216"/>
        <source>Serial</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="217"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="218"/>
        <source>SHA-1</source>
        <translation>SHA-1</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="219"/>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="219"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="219"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="220"/>
        <source>Key usage</source>
        <translation>Schlüsselverwendung</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="220"/>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="221"/>
        <source>Extended key usage</source>
        <translation>Erweiterte Schlüsselverwendung</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateInfo.cpp" line="222"/>
        <source>(not set: any)</source>
        <translation>(nicht gesetzt: beliebig)</translation>
    </message>
</context>
<context>
    <name>Tls::CertificateIssuer</name>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="86"/>
        <source>No key for the new certificate.</source>
        <translation>Kein Schlüssel für das neue Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="88"/>
        <source>The certificate needs a subject name (CN).</source>
        <translation>Das Zertifikat braucht einen Inhabernamen (CN).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="88"/>
        <source>Give a subject.</source>
        <translation>Geben Sie einen Inhaber an.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="91"/>
        <source>%1 is not an IP address.</source>
        <translation>%1 ist keine IP-Adresse.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="91"/>
        <source>Put host names in the DNS list.</source>
        <translation>Tragen Sie Hostnamen in die DNS-Liste ein.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="95"/>
        <source>A server certificate needs at least one host name or IP address (subjectAltName).</source>
        <translation>Ein Serverzertifikat braucht mindestens einen Hostnamen oder eine IP-Adresse (subjectAltName).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="96"/>
        <source>Add the names and addresses agents use in their server URL.</source>
        <translation>Fügen Sie die Namen und Adressen hinzu, die Agenten in ihrer Server-URL verwenden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="100"/>
        <source>No key to sign with.</source>
        <translation>Kein Schlüssel zum Signieren.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="100"/>
        <source>Give the CA&apos;s private key.</source>
        <translation>Geben Sie den privaten Schlüssel der CA an.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="103"/>
        <source>The issuing certificate is not a CA (basicConstraints CA:TRUE with keyCertSign).</source>
        <translation>Das ausstellende Zertifikat ist keine CA (basicConstraints CA:TRUE mit keyCertSign).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="104"/>
        <source>Sign with the CA certificate, not a server or client certificate.</source>
        <translation>Signieren Sie mit dem CA-Zertifikat, nicht mit einem Server- oder Client-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="106"/>
        <source>The CA key does not match the CA certificate.</source>
        <translation>Der CA-Schlüssel passt nicht zum CA-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="107"/>
        <source>Use the key the CA certificate was made with.</source>
        <translation>Verwenden Sie den Schlüssel, mit dem das CA-Zertifikat erstellt wurde.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="113"/>
        <source>Cannot create the certificate.</source>
        <translation>Das Zertifikat kann nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="123"/>
        <source>Cannot set the validity.</source>
        <translation>Die Gültigkeit kann nicht gesetzt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="130"/>
        <source>Cannot set the subject name.</source>
        <translation>Der Inhabername kann nicht gesetzt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="134"/>
        <source>Cannot set issuer or public key.</source>
        <translation>Aussteller oder öffentlicher Schlüssel können nicht gesetzt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="175"/>
        <source>Cannot add the certificate extensions.</source>
        <translation>Die Zertifikatserweiterungen können nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateIssuer.cpp" line="181"/>
        <source>Signing the certificate failed.</source>
        <translation>Das Signieren des Zertifikats ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>Tls::CertificateService</name>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="54"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="67"/>
        <source>APM Gatekeeper private CA</source>
        <translation>Private CA von APM Gatekeeper</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="128"/>
        <source>No server certificate is configured.</source>
        <translation>Es ist kein Serverzertifikat konfiguriert.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="129"/>
        <source>Generate a CA and a server certificate, or import yours (drop the files here).</source>
        <translation>Erzeugen Sie eine CA und ein Serverzertifikat oder importieren Sie Ihre eigenen (Dateien hierher ziehen).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="150"/>
        <source>Check the path and the file.</source>
        <translation>Prüfen Sie den Pfad und die Datei.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="162"/>
        <source>Server certificate</source>
        <translation>Serverzertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="162"/>
        <source>Issuer %1</source>
        <translation>Aussteller %1</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="200"/>
        <source>The chain was put in order (leaf first) in %1.</source>
        <translation>Die Kette wurde in %1 geordnet (Endzertifikat zuerst).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="201"/>
        <source>Written as PEM: %1.</source>
        <translation>Als PEM geschrieben: %1.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="223"/>
        <source>The private key was written to %1 (mode 0600).</source>
        <translation>Der private Schlüssel wurde in %1 geschrieben (Modus 0600).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateService.cpp" line="227"/>
        <source>The key is encrypted: set its passphrase as a ${NAME} reference.</source>
        <translation>Der Schlüssel ist verschlüsselt: Setzen Sie seine Passphrase als ${NAME}-Verweis.</translation>
    </message>
</context>
<context>
    <name>Tls::CertificateValidator</name>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="53"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="90"/>
        <source>The certificate</source>
        <translation>Das Zertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="91"/>
        <source>The CA certificate %1</source>
        <translation>Das CA-Zertifikat %1</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="94"/>
        <source>%1 expired on %2 (%3).</source>
        <translation>%1 ist am %2 abgelaufen (%3).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="96"/>
        <source>Issue a new certificate; every agent refuses an expired one unless it pins it.</source>
        <translation>Stellen Sie ein neues Zertifikat aus; jeder Agent lehnt ein abgelaufenes ab, sofern er es nicht pinnt.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="102"/>
        <source>%1 is not valid before %2 (%3).</source>
        <translation>%1 ist vor dem %2 nicht gültig (%3).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="104"/>
        <source>Check the clock of the machine that issued it, or wait.</source>
        <translation>Prüfen Sie die Uhr des Rechners, der es ausgestellt hat, oder warten Sie.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="110"/>
        <source>%1 expires on %2 (%3).</source>
        <translation>%1 läuft am %2 ab (%3).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="112"/>
        <source>Renew it now and roll it out before it expires.</source>
        <translation>Erneuern Sie es jetzt und verteilen Sie es, bevor es abläuft.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="120"/>
        <source>%1 has a %2-bit RSA key; OpenSSL at security level 2, Go and browsers refuse keys under 2048 bits.</source>
        <translation>%1 hat einen %2-Bit-RSA-Schlüssel; OpenSSL auf Sicherheitsstufe 2, Go und Browser lehnen Schlüssel unter 2048 Bit ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="126"/>
        <source>Reissue with EC P-256 or RSA 2048 or more.</source>
        <translation>Stellen Sie es mit EC P-256 oder RSA 2048 oder mehr neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="131"/>
        <source>%1 is signed with %2; Go ≥1.18, browsers and OpenSSL at security level 2 refuse SHA-1.</source>
        <translation>%1 ist mit %2 signiert; Go ≥1.18, Browser und OpenSSL auf Sicherheitsstufe 2 lehnen SHA-1 ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="135"/>
        <source>Reissue it with a SHA-256 signature.</source>
        <translation>Stellen Sie es mit einer SHA-256-Signatur neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="139"/>
        <source>%1 uses an %2 key: browsers (RUM), Java before JDK 16 and .NET on Windows cannot use it.</source>
        <translation>%1 verwendet einen %2-Schlüssel: Browser (RUM), Java vor JDK 16 und .NET unter Windows können ihn nicht verwenden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="143"/>
        <source>Use EC P-256 unless every agent runtime is known to support EdDSA.</source>
        <translation>Verwenden Sie EC P-256, sofern nicht von jeder Agenten-Laufzeitumgebung bekannt ist, dass sie EdDSA unterstützt.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="152"/>
        <source>The certificate has no subjectAltName, only the Common Name &quot;%1&quot;: Go agents fail with &quot;x509: certificate relies on legacy Common Name field&quot;, Python (urllib3 2) and browsers refuse it too.</source>
        <translation>Das Zertifikat hat keinen subjectAltName, nur den Common Name &quot;%1&quot;: Go-Agenten scheitern mit &quot;x509: certificate relies on legacy Common Name field&quot;, Python (urllib3 2) und Browser lehnen es ebenfalls ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="158"/>
        <source>Reissue it with DNS and IP subjectAltNames for every name agents use.</source>
        <translation>Stellen Sie es mit DNS- und IP-subjectAltNames für jeden Namen neu aus, den Agenten verwenden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="169"/>
        <source>The certificate is valid only for loopback names (%1): agents on other machines connect by a real name or IP and fail the hostname check.</source>
        <translation>Das Zertifikat gilt nur für Loopback-Namen (%1): Agenten auf anderen Rechnern verbinden sich über einen echten Namen oder eine IP und scheitern an der Hostnamenprüfung.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="174"/>
        <source>Add the host names, IPs, service and load-balancer names agents use.</source>
        <translation>Fügen Sie die Hostnamen, IPs, Dienst- und Load-Balancer-Namen hinzu, die Agenten verwenden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="180"/>
        <source>No agent URL was given, so host names were not checked.</source>
        <translation>Es wurde keine Agenten-URL angegeben, daher wurden keine Hostnamen geprüft.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="182"/>
        <source>Give the URLs agents use for APM Server (--url).</source>
        <translation>Geben Sie die URLs an, die Agenten für APM Server verwenden (--url).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="190"/>
        <source>%1 is not a URL with a host.</source>
        <translation>%1 ist keine URL mit einem Host.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="191"/>
        <source>Write it as https://host:8200.</source>
        <translation>Schreiben Sie sie als https://host:8200.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="196"/>
        <source>%1 uses http://: the agent will not use TLS at all (or gets &quot;wrong version number&quot; from a TLS server).</source>
        <translation>%1 verwendet http://: Der Agent verwendet überhaupt kein TLS (oder erhält &quot;wrong version number&quot; von einem TLS-Server).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="201"/>
        <source>Use https:// in the agent&apos;s server URL.</source>
        <translation>Verwenden Sie https:// in der Server-URL des Agenten.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="208"/>
        <source>%1 matches only the Common Name: Node, Java, Ruby and PHP accept that, Go, Python and browsers do not.</source>
        <translation>%1 passt nur auf den Common Name: Node, Java, Ruby und PHP akzeptieren das, Go, Python und Browser nicht.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="213"/>
        <location filename="../app/tls/CertificateValidator.cpp" line="239"/>
        <source>Reissue with DNS:%1 in the subjectAltName.</source>
        <translation>Stellen Sie es mit DNS:%1 im subjectAltName neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="219"/>
        <source>%1 is listed as a DNS name, not as an IP address: clients connecting by IP need an IP subjectAltName.</source>
        <translation>%1 ist als DNS-Name aufgeführt, nicht als IP-Adresse: Clients, die sich per IP verbinden, brauchen einen IP-subjectAltName.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="224"/>
        <location filename="../app/tls/CertificateValidator.cpp" line="236"/>
        <source>Reissue with IP:%1 in the subjectAltName.</source>
        <translation>Stellen Sie es mit IP:%1 im subjectAltName neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="230"/>
        <source>%1 (from %2) is not in the certificate&apos;s names (%3): agents fail the hostname check (&quot;Hostname/IP does not match certificate&apos;s altnames&quot;).</source>
        <translation>%1 (aus %2) ist nicht unter den Namen des Zertifikats (%3): Agenten scheitern an der Hostnamenprüfung (&quot;Hostname/IP does not match certificate&apos;s altnames&quot;).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="254"/>
        <source>The certificate file starts with %1, not with the server certificate %2: APM Server serves the first certificate as its own.</source>
        <translation>Die Zertifikatsdatei beginnt mit %1, nicht mit dem Serverzertifikat %2: APM Server liefert das erste Zertifikat als sein eigenes aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="259"/>
        <source>Put the server certificate first, then its intermediates (the fixed order can be saved).</source>
        <translation>Setzen Sie das Serverzertifikat an den Anfang, danach seine Zwischenzertifikate (die korrigierte Reihenfolge kann gespeichert werden).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="265"/>
        <source>The intermediates in the certificate file are not in issuing order; strict clients may fail.</source>
        <translation>Die Zwischenzertifikate in der Zertifikatsdatei stehen nicht in Ausstellungsreihenfolge; strenge Clients können scheitern.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="268"/>
        <source>Order the file leaf, intermediate, …, root (the fixed order can be saved).</source>
        <translation>Ordnen Sie die Datei als Endzertifikat, Zwischenzertifikat, …, Stammzertifikat (die korrigierte Reihenfolge kann gespeichert werden).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="273"/>
        <source>%1 in the certificate file is not part of the server certificate&apos;s chain.</source>
        <translation>%1 in der Zertifikatsdatei gehört nicht zur Kette des Serverzertifikats.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="276"/>
        <source>Remove it from the file.</source>
        <translation>Entfernen Sie es aus der Datei.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="280"/>
        <source>The certificate is self-signed: every agent must be given this very certificate as its CA file or pin, browsers (RUM) will not accept it, and it cannot be revoked or rotated without touching every agent.</source>
        <translation>Das Zertifikat ist selbstsigniert: Jeder Agent muss genau dieses Zertifikat als CA-Datei oder Pin erhalten, Browser (RUM) akzeptieren es nicht, und es kann nicht widerrufen oder ausgetauscht werden, ohne jeden Agenten anzufassen.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="285"/>
        <source>Issue it from a private CA (cert ca, then cert server) and give agents the CA.</source>
        <translation>Stellen Sie es von einer privaten CA aus (cert ca, dann cert server) und geben Sie den Agenten die CA.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="291"/>
        <source>The server certificate is itself a CA (basicConstraints CA:TRUE).</source>
        <translation>Das Serverzertifikat ist selbst eine CA (basicConstraints CA:TRUE).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="293"/>
        <source>Issue a separate server certificate from the CA.</source>
        <translation>Stellen Sie von der CA ein separates Serverzertifikat aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="298"/>
        <source>The certificate has no Authority Key Identifier: Python 3.13 with urllib3 ≥2.3 refuses it (&quot;Missing Authority Key Identifier&quot;).</source>
        <translation>Das Zertifikat hat keinen Authority Key Identifier: Python 3.13 mit urllib3 ≥2.3 lehnt es ab (&quot;Missing Authority Key Identifier&quot;).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="302"/>
        <source>Reissue it with authorityKeyIdentifier.</source>
        <translation>Stellen Sie es mit authorityKeyIdentifier neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="309"/>
        <source>The CA %1 does not mark basicConstraints critical: Python 3.13 with urllib3 ≥2.3 refuses it.</source>
        <translation>Die CA %1 markiert basicConstraints nicht als kritisch: Python 3.13 mit urllib3 ≥2.3 lehnt sie ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="313"/>
        <source>Reissue the CA with critical basicConstraints.</source>
        <translation>Stellen Sie die CA mit kritischen basicConstraints neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="326"/>
        <source>The chain verifies against this machine&apos;s system trust store (a public or installed CA).</source>
        <translation>Die Kette lässt sich gegen den Zertifikatsspeicher dieses Systems prüfen (eine öffentliche oder installierte CA).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="329"/>
        <source>Agents that use the system store accept it; those given a CA file need that root in it.</source>
        <translation>Agenten, die den Systemspeicher verwenden, akzeptieren sie; bei Agenten mit einer CA-Datei muss dieses Stammzertifikat darin stehen.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="334"/>
        <source>No CA file was given and the chain does not verify against the system store (%1).</source>
        <translation>Es wurde keine CA-Datei angegeben, und die Kette lässt sich nicht gegen den Systemspeicher prüfen (%1).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="338"/>
        <source>Give the CA file (--ca) to check the chain.</source>
        <translation>Geben Sie die CA-Datei an (--ca), um die Kette zu prüfen.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="350"/>
        <source>The chain verifies only because the CA file holds the intermediate %1; Node.js, Ruby and Python up to 3.12 also need the root in the CA file.</source>
        <translation>Die Kette lässt sich nur prüfen, weil die CA-Datei das Zwischenzertifikat %1 enthält; Node.js, Ruby und Python bis 3.12 brauchen auch das Stammzertifikat in der CA-Datei.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="355"/>
        <source>Put the root CA into the CA file as well.</source>
        <translation>Nehmen Sie auch die Stamm-CA in die CA-Datei auf.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="365"/>
        <source>%1 names %2 as its issuer, but the CA of that name in the CA file did not sign it (%3).</source>
        <translation>%1 nennt %2 als Aussteller, aber die CA dieses Namens in der CA-Datei hat es nicht signiert (%3).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="369"/>
        <source>Use the CA that really issued the certificate, or reissue the certificate from this CA.</source>
        <translation>Verwenden Sie die CA, die das Zertifikat wirklich ausgestellt hat, oder stellen Sie das Zertifikat von dieser CA neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="375"/>
        <source>The chain is incomplete: %1 was issued by %2, which is neither in the certificate file nor in the CA file (%3). Agents report &quot;unable to get local issuer certificate&quot;.</source>
        <translation>Die Kette ist unvollständig: %1 wurde von %2 ausgestellt, das weder in der Zertifikatsdatei noch in der CA-Datei steht (%3). Agenten melden &quot;unable to get local issuer certificate&quot;.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="380"/>
        <source>Append the intermediate CA certificate(s) to the certificate file, or give the CA that issued it.</source>
        <translation>Hängen Sie das oder die Zwischenzertifikate an die Zertifikatsdatei an oder geben Sie die ausstellende CA an.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="388"/>
        <source>The chain ends at %1, which is not in the CA file (%2): agents report &quot;certificate signed by unknown authority&quot;.</source>
        <translation>Die Kette endet bei %1, das nicht in der CA-Datei steht (%2): Agenten melden &quot;certificate signed by unknown authority&quot;.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="393"/>
        <source>Give agents (and the CA file here) the CA that issued the certificate.</source>
        <translation>Geben Sie den Agenten (und hier der CA-Datei) die CA, die das Zertifikat ausgestellt hat.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="407"/>
        <source>The private key %1 can be read by other users (mode %2).</source>
        <translation>Der private Schlüssel %1 kann von anderen Benutzern gelesen werden (Modus %2).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="413"/>
        <source>chmod 600 %1 (owned by the user APM Server runs as).</source>
        <translation>chmod 600 %1 (Eigentümer ist der Benutzer, unter dem APM Server läuft).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="419"/>
        <source>The private key %1 is encrypted, but no passphrase is configured: APM Server cannot load it.</source>
        <translation>Der private Schlüssel %1 ist verschlüsselt, aber es ist keine Passphrase konfiguriert: APM Server kann ihn nicht laden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="423"/>
        <source>Set apm-server.ssl.key_passphrase to a ${NAME} reference and keep the passphrase in the keystore or environment.</source>
        <translation>Setzen Sie apm-server.ssl.key_passphrase auf einen ${NAME}-Verweis und bewahren Sie die Passphrase im Keystore oder in der Umgebung auf.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="432"/>
        <source>The private key %1 cannot be decrypted with the configured passphrase.</source>
        <translation>Der private Schlüssel %1 kann mit der konfigurierten Passphrase nicht entschlüsselt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="435"/>
        <source>Check the passphrase (ssl.key_passphrase or the variable it refers to).</source>
        <translation>Prüfen Sie die Passphrase (ssl.key_passphrase oder die Variable, auf die sie verweist).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="446"/>
        <source>The private key belongs to %1, not to the server certificate %2.</source>
        <translation>Der private Schlüssel gehört zu %1, nicht zum Serverzertifikat %2.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="450"/>
        <source>The private key %1 does not match the certificate %2.</source>
        <translation>Der private Schlüssel %1 passt nicht zum Zertifikat %2.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="453"/>
        <source>Use the key the certificate was issued for (or reissue the certificate for this key).</source>
        <translation>Verwenden Sie den Schlüssel, für den das Zertifikat ausgestellt wurde (oder stellen Sie das Zertifikat für diesen Schlüssel neu aus).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="476"/>
        <location filename="../app/tls/CertificateValidator.cpp" line="486"/>
        <source>%1 holds no certificate.</source>
        <translation>%1 enthält kein Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="505"/>
        <source>%1 holds no private key.</source>
        <translation>%1 enthält keinen privaten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="519"/>
        <source>No certificate to check.</source>
        <translation>Kein Zertifikat zu prüfen.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="520"/>
        <source>Give the certificate file.</source>
        <translation>Geben Sie die Zertifikatsdatei an.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="534"/>
        <source>The certificate is valid for %1 days: Apple platforms (Safari, and Go/.NET on macOS) refuse private-CA certificates valid for more than 825 days.</source>
        <translation>Das Zertifikat ist %1 Tage gültig: Apple-Plattformen (Safari sowie Go/.NET unter macOS) lehnen Zertifikate privater CAs ab, die länger als 825 Tage gültig sind.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="539"/>
        <source>Issue leaves for at most 397 days and renew them.</source>
        <translation>Stellen Sie Endzertifikate für höchstens 397 Tage aus und erneuern Sie sie.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="547"/>
        <source>The certificate&apos;s extended key usage (%1) does not include serverAuth: OpenSSL, Go and Java refuse it as a server certificate.</source>
        <translation>Die erweiterte Schlüsselverwendung des Zertifikats (%1) enthält kein serverAuth: OpenSSL, Go und Java lehnen es als Serverzertifikat ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="552"/>
        <source>Reissue it with extendedKeyUsage serverAuth.</source>
        <translation>Stellen Sie es mit extendedKeyUsage serverAuth neu aus.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="557"/>
        <source>The client certificate&apos;s extended key usage (%1) does not include clientAuth: APM Server refuses it in the handshake.</source>
        <translation>Die erweiterte Schlüsselverwendung des Client-Zertifikats (%1) enthält kein clientAuth: APM Server lehnt es im Handshake ab.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="562"/>
        <source>Reissue it with extendedKeyUsage clientAuth (cert client).</source>
        <translation>Stellen Sie es mit extendedKeyUsage clientAuth neu aus (cert client).</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="575"/>
        <source>ssl.certificate_authorities is set and ssl.client_authentication is not, so APM Server requires a client certificate from every agent; only the Java agent (and Go from code) can send one.</source>
        <translation>ssl.certificate_authorities ist gesetzt und ssl.client_authentication nicht, daher verlangt APM Server von jedem Agenten ein Client-Zertifikat; nur der Java-Agent (und Go aus dem Code) kann eines senden.</translation>
    </message>
    <message>
        <location filename="../app/tls/CertificateValidator.cpp" line="579"/>
        <source>Set client_authentication: none or optional, or required if that is really intended.</source>
        <translation>Setzen Sie client_authentication: none oder optional, oder required, wenn das wirklich beabsichtigt ist.</translation>
    </message>
</context>
<context>
    <name>Tls::HostNames</name>
    <message>
        <location filename="../app/tls/HostNames.cpp" line="95"/>
        <source>%1 looks like a Kubernetes service: added its short and long names.</source>
        <translation>%1 sieht wie ein Kubernetes-Dienst aus: seine kurzen und langen Namen wurden hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../app/tls/HostNames.cpp" line="105"/>
        <source>Only loopback names were given: added this machine&apos;s name %1, because agents on other machines cannot use localhost. Add the names they really use.</source>
        <translation>Es wurden nur Loopback-Namen angegeben: Der Name dieses Rechners, %1, wurde hinzugefügt, weil Agenten auf anderen Rechnern localhost nicht verwenden können. Fügen Sie die Namen hinzu, die sie wirklich verwenden.</translation>
    </message>
    <message>
        <location filename="../app/tls/HostNames.cpp" line="109"/>
        <source>Only loopback names: agents on other machines will need the server&apos;s real name or IP.</source>
        <translation>Nur Loopback-Namen: Agenten auf anderen Rechnern brauchen den echten Namen oder die IP des Servers.</translation>
    </message>
</context>
<context>
    <name>Tls::KeyGenerator</name>
    <message>
        <location filename="../app/tls/KeyGenerator.cpp" line="39"/>
        <source>Cannot set up key generation.</source>
        <translation>Die Schlüsselerzeugung kann nicht eingerichtet werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyGenerator.cpp" line="58"/>
        <source>Key generation was cancelled.</source>
        <translation>Die Schlüsselerzeugung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyGenerator.cpp" line="62"/>
        <source>Key generation failed.</source>
        <translation>Die Schlüsselerzeugung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyGenerator.cpp" line="91"/>
        <source>Unknown key type.</source>
        <translation>Unbekannter Schlüsseltyp.</translation>
    </message>
</context>
<context>
    <name>Tls::KeyType</name>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="53"/>
        <source>EC P-256 (recommended)</source>
        <translation>EC P-256 (empfohlen)</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="55"/>
        <source>EC P-384</source>
        <translation>EC P-384</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="57"/>
        <source>RSA 2048</source>
        <translation>RSA 2048</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="59"/>
        <source>RSA 3072</source>
        <translation>RSA 3072</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="61"/>
        <source>RSA 4096 (slow to generate)</source>
        <translation>RSA 4096 (langsam zu erzeugen)</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="63"/>
        <source>Ed25519 (not for browsers)</source>
        <translation>Ed25519 (nicht für Browser)</translation>
    </message>
    <message>
        <location filename="../app/tls/KeyType.cpp" line="73"/>
        <source>Ed25519 certificates are refused by browsers (the RUM agent), by Java before JDK 16 and by .NET on Windows; use EC P-256 unless every client is known to support Ed25519.</source>
        <translation>Ed25519-Zertifikate werden von Browsern (dem RUM-Agenten), von Java vor JDK 16 und von .NET unter Windows abgelehnt; verwenden Sie EC P-256, sofern nicht von jedem Client bekannt ist, dass er Ed25519 unterstützt.</translation>
    </message>
</context>
<context>
    <name>Tls::PassphraseSource</name>
    <message>
        <location filename="../app/tls/PassphraseSource.cpp" line="15"/>
        <source>The environment variable %1 is not set.</source>
        <translation>Die Umgebungsvariable %1 ist nicht gesetzt.</translation>
    </message>
    <message>
        <location filename="../app/tls/PassphraseSource.cpp" line="18"/>
        <source>Export it before running the command (read -rs %1 &amp;&amp; export %1).</source>
        <translation>Exportieren Sie sie, bevor Sie den Befehl ausführen (read -rs %1 &amp;&amp; export %1).</translation>
    </message>
    <message>
        <location filename="../app/tls/PassphraseSource.cpp" line="27"/>
        <source>The environment variable %1 is empty.</source>
        <translation>Die Umgebungsvariable %1 ist leer.</translation>
    </message>
    <message>
        <location filename="../app/tls/PassphraseSource.cpp" line="34"/>
        <source>environment variable %1</source>
        <translation>Umgebungsvariable %1</translation>
    </message>
</context>
<context>
    <name>Tls::PrivateKey</name>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="64"/>
        <source>The private key is encrypted.</source>
        <translation>Der private Schlüssel ist verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="65"/>
        <source>Give its passphrase.</source>
        <translation>Geben Sie seine Passphrase an.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="75"/>
        <source>The private key cannot be decrypted: the passphrase is wrong.</source>
        <translation>Der private Schlüssel kann nicht entschlüsselt werden: Die Passphrase ist falsch.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="76"/>
        <source>Check the passphrase.</source>
        <translation>Prüfen Sie die Passphrase.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="77"/>
        <source>This is not a valid PEM private key.</source>
        <translation>Dies ist kein gültiger privater PEM-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="87"/>
        <source>This is not a DER private key.</source>
        <translation>Dies ist kein privater DER-Schlüssel.</translation>
    </message>
    <message>
        <location filename="../app/tls/PrivateKey.cpp" line="107"/>
        <source>Cannot encode the private key.</source>
        <translation>Der private Schlüssel kann nicht kodiert werden.</translation>
    </message>
</context>
<context>
    <name>Tls::TrustKitWriter</name>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="48"/>
        <source>A Java trust store needs a password.</source>
        <translation>Ein Java-Truststore braucht ein Passwort.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="54"/>
        <source>Cannot create the Java trust attribute.</source>
        <translation>Das Java-Vertrauensattribut kann nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="63"/>
        <source>Cannot add a certificate to the trust store.</source>
        <translation>Ein Zertifikat kann dem Truststore nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="69"/>
        <source>Cannot mark a certificate as trusted for Java.</source>
        <translation>Ein Zertifikat kann nicht als für Java vertrauenswürdig markiert werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="75"/>
        <source>Cannot build the trust store.</source>
        <translation>Der Truststore kann nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="80"/>
        <source>Cannot protect the trust store.</source>
        <translation>Der Truststore kann nicht geschützt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="83"/>
        <source>Cannot encode the trust store.</source>
        <translation>Der Truststore kann nicht kodiert werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="91"/>
        <source>A key store needs a password.</source>
        <translation>Ein Keystore braucht ein Passwort.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="102"/>
        <source>Cannot build the key store.</source>
        <translation>Der Keystore kann nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="105"/>
        <source>Cannot encode the key store.</source>
        <translation>Der Keystore kann nicht kodiert werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="112"/>
        <source>A trust kit needs the CA certificate.</source>
        <translation>Ein Vertrauens-Kit braucht das CA-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="113"/>
        <source>Give the CA that issued the server certificate.</source>
        <translation>Geben Sie die CA an, die das Serverzertifikat ausgestellt hat.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="116"/>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="151"/>
        <source>The client key does not match the client certificate.</source>
        <translation>Der Client-Schlüssel passt nicht zum Client-Zertifikat.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="159"/>
        <source># agents before 3.3.0: NODE_EXTRA_CA_CERTS=%1 (ignored once serverCaCertFile is set)</source>
        <translation># Agenten vor 3.3.0: NODE_EXTRA_CA_CERTS=%1 (ignoriert, sobald serverCaCertFile gesetzt ist)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="173"/>
        <source># JVM-wide: the application&apos;s own HTTPS uses this trust store too; add public roots if it needs them.</source>
        <translation># JVM-weit: Auch das eigene HTTPS der Anwendung verwendet diesen Truststore; fügen Sie öffentliche Stammzertifikate hinzu, wenn sie sie braucht.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="192"/>
        <source># or pin the leaf (agent &gt;= 4.2.0; renew with every certificate): ELASTIC_APM_SERVER_CERT=%1</source>
        <translation># oder das Endzertifikat pinnen (Agent &gt;= 4.2.0; mit jedem Zertifikat erneuern): ELASTIC_APM_SERVER_CERT=%1</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="199"/>
        <source># or pin the leaf (agent &gt;= 1.1.0): ELASTIC_APM_SERVER_CERT=%1</source>
        <translation># oder das Endzertifikat pinnen (Agent &gt;= 1.1.0): ELASTIC_APM_SERVER_CERT=%1</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="201"/>
        <source># client certificate: only from code, transport.HTTPTransportOptions{TLSClientConfig: &amp;tls.Config{Certificates: …}} (client.pem, client.key)</source>
        <translation># Client-Zertifikat: nur im Code, transport.HTTPTransportOptions{TLSClientConfig: &amp;tls.Config{Certificates: …}} (client.pem, client.key)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="206"/>
        <source># trust: install %1 into the OS store (Windows: LocalMachine\Root; Debian: copy to /usr/local/share/ca-certificates/apm-ca.crt and run update-ca-certificates)</source>
        <translation># Vertrauen: %1 im Zertifikatsspeicher des Betriebssystems installieren (Windows: LocalMachine\Root; Debian: nach /usr/local/share/ca-certificates/apm-ca.crt kopieren und update-ca-certificates ausführen)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="220"/>
        <source>; PHP has no CA-file option: install %1 into the OS store (Debian: /usr/local/share/ca-certificates/apm-ca.crt, then update-ca-certificates)</source>
        <translation>; PHP hat keine Option für eine CA-Datei: %1 im Zertifikatsspeicher des Betriebssystems installieren (Debian: /usr/local/share/ca-certificates/apm-ca.crt, dann update-ca-certificates)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="226"/>
        <source>// The browser decides trust: the server certificate must chain to a root every visitor&apos;s browser already trusts (a public CA).</source>
        <translation>// Der Browser entscheidet über das Vertrauen: Das Serverzertifikat muss sich auf ein Stammzertifikat zurückführen lassen, dem der Browser jedes Besuchers bereits vertraut (eine öffentliche CA).</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="240"/>
        <source># %1 cannot send a client certificate: set apm-server.ssl.client_authentication to none or optional for it.</source>
        <translation># %1 kann kein Client-Zertifikat senden: Setzen Sie apm-server.ssl.client_authentication dafür auf none oder optional.</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="245"/>
        <source>Trust kit for the %1 agent</source>
        <translation>Vertrauens-Kit für den Agenten %1</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="247"/>
        <source>Verdict for %1: %2</source>
        <translation>Urteil für %1: %2</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustKit.cpp" line="252"/>
        <source>Settings:</source>
        <translation>Einstellungen:</translation>
    </message>
</context>
<context>
    <name>Tls::TrustVerdicts</name>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="54"/>
        <source>pin: ELASTIC_APM_SERVER_CERT=&lt;server certificate PEM&gt; (agent ≥ 4.2.0; renew with every certificate)</source>
        <translation>Pin: ELASTIC_APM_SERVER_CERT=&lt;PEM des Serverzertifikats&gt; (Agent ≥ 4.2.0; mit jedem Zertifikat erneuern)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="59"/>
        <source>pin: ELASTIC_APM_SERVER_CERT=&lt;server certificate PEM&gt; (agent ≥ 1.1.0; renew with every certificate)</source>
        <translation>Pin: ELASTIC_APM_SERVER_CERT=&lt;PEM des Serverzertifikats&gt; (Agent ≥ 1.1.0; mit jedem Zertifikat erneuern)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="64"/>
        <source>pin: ServerCert / ELASTIC_APM_SERVER_CERT=&lt;server certificate PEM&gt; (agent ≥ 1.9; pins the public key; not with VerifyServerCert=false)</source>
        <translation>Pin: ServerCert / ELASTIC_APM_SERVER_CERT=&lt;PEM des Serverzertifikats&gt; (Agent ≥ 1.9; pinnt den öffentlichen Schlüssel; nicht mit VerifyServerCert=false)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="77"/>
        <source>serverCaCertFile / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 3.3.0; older: NODE_EXTRA_CA_CERTS)</source>
        <translation>serverCaCertFile / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (Agent ≥ 3.3.0; ältere: NODE_EXTRA_CA_CERTS)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="82"/>
        <source>-Djavax.net.ssl.trustStore=&lt;trust store with %1&gt; -Djavax.net.ssl.trustStorePassword=… -Djavax.net.ssl.trustStoreType=PKCS12</source>
        <translation>-Djavax.net.ssl.trustStore=&lt;Truststore mit %1&gt; -Djavax.net.ssl.trustStorePassword=… -Djavax.net.ssl.trustStoreType=PKCS12</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="88"/>
        <source>ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 6.17.0)</source>
        <translation>ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (Agent ≥ 6.17.0)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="91"/>
        <source>ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 1.13.0)</source>
        <translation>ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (Agent ≥ 1.13.0)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="94"/>
        <source>%1 installed in the OS trust store (Windows LocalMachine\Root; Linux update-ca-certificates)</source>
        <translation>%1 im Zertifikatsspeicher des Betriebssystems installiert (Windows LocalMachine\Root; Linux update-ca-certificates)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="99"/>
        <source>server_ca_cert_file / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (agent ≥ 3.13.0; 2.4–3.12: server_ca_cert)</source>
        <translation>server_ca_cert_file / ELASTIC_APM_SERVER_CA_CERT_FILE=%1 (Agent ≥ 3.13.0; 2.4–3.12: server_ca_cert)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="105"/>
        <source>%1 installed in the OS trust store (update-ca-certificates): PHP has no CA-file option</source>
        <translation>%1 im Zertifikatsspeicher des Betriebssystems installiert (update-ca-certificates): PHP hat keine Option für eine CA-Datei</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="110"/>
        <source>%1 trusted by every visitor&apos;s browser (managed devices only)</source>
        <translation>%1, dem der Browser jedes Besuchers vertraut (nur verwaltete Geräte)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="121"/>
        <source>the CA certificate (ca.pem)</source>
        <translation>das CA-Zertifikat (ca.pem)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="129"/>
        <source>browsers trust only public CAs (a private CA works only on managed devices)</source>
        <translation>Browser vertrauen nur öffentlichen CAs (eine private CA funktioniert nur auf verwalteten Geräten)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="133"/>
        <source>the server sends no intermediate; .NET&apos;s behaviour is unverified</source>
        <translation>der Server sendet kein Zwischenzertifikat; das Verhalten von .NET ist ungeprüft</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="138"/>
        <source>the intermediate and the root CA</source>
        <translation>das Zwischenzertifikat und die Stamm-CA</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="142"/>
        <source>private CA, and the server does not send the intermediate</source>
        <translation>private CA, und der Server sendet das Zwischenzertifikat nicht</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="144"/>
        <source>the certificate comes from a private CA</source>
        <translation>das Zertifikat stammt von einer privaten CA</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="149"/>
        <source>browsers do not accept a self-signed certificate</source>
        <translation>Browser akzeptieren kein selbstsigniertes Zertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="152"/>
        <source>the server certificate itself</source>
        <translation>das Serverzertifikat selbst</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="153"/>
        <source>the certificate is self-signed</source>
        <translation>das Zertifikat ist selbstsigniert</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="157"/>
        <source>the chain does not verify against the CA given (or any system root)</source>
        <translation>die Kette lässt sich nicht gegen die angegebene CA (oder ein Stammzertifikat des Systems) prüfen</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="164"/>
        <source>the CA file holds only the intermediate; this agent needs the root too</source>
        <translation>die CA-Datei enthält nur das Zwischenzertifikat; dieser Agent braucht auch das Stammzertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="168"/>
        <source>the CA file holds only the intermediate; Python ≤ 3.12 needs the root too</source>
        <translation>die CA-Datei enthält nur das Zwischenzertifikat; Python ≤ 3.12 braucht auch das Stammzertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="175"/>
        <source>-Djavax.net.ssl.keyStore=&lt;client.p12&gt; -Djavax.net.ssl.keyStorePassword=… -Djavax.net.ssl.keyStoreType=PKCS12 (agent ≥ 1.28.3)</source>
        <translation>-Djavax.net.ssl.keyStore=&lt;client.p12&gt; -Djavax.net.ssl.keyStorePassword=… -Djavax.net.ssl.keyStoreType=PKCS12 (Agent ≥ 1.28.3)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="178"/>
        <location filename="../app/tls/TrustVerdicts.cpp" line="185"/>
        <source>the server requires a client certificate</source>
        <translation>der Server verlangt ein Client-Zertifikat</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="181"/>
        <source>client certificate from code only: transport.HTTPTransportOptions{TLSClientConfig} (the TLS environment variables are then ignored)</source>
        <translation>Client-Zertifikat nur im Code: transport.HTTPTransportOptions{TLSClientConfig} (die TLS-Umgebungsvariablen werden dann ignoriert)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="189"/>
        <source>the server requires a client certificate and this agent cannot send one</source>
        <translation>der Server verlangt ein Client-Zertifikat, und dieser Agent kann keines senden</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="195"/>
        <source>%1 is not in the certificate&apos;s names</source>
        <translation>%1 ist nicht unter den Namen des Zertifikats</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="201"/>
        <source>%1 matches only the legacy Common Name</source>
        <translation>%1 passt nur auf den veralteten Common Name</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="205"/>
        <source>%1 is an IP address and the certificate has no IP SAN for it</source>
        <translation>%1 ist eine IP-Adresse, und das Zertifikat hat dafür keinen IP-SAN</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="212"/>
        <source>Ed25519 needs JDK 16 or later</source>
        <translation>Ed25519 braucht JDK 16 oder neuer</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="214"/>
        <source>Ed25519 is not supported (browsers; .NET on Windows, unverified on Linux)</source>
        <translation>Ed25519 wird nicht unterstützt (Browser; .NET unter Windows, unter Linux ungeprüft)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="219"/>
        <source>RSA key under 2048 bits or SHA-1 signature</source>
        <translation>RSA-Schlüssel unter 2048 Bit oder SHA-1-Signatur</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="222"/>
        <source>the certificate is expired or not yet valid</source>
        <translation>das Zertifikat ist abgelaufen oder noch nicht gültig</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="224"/>
        <source>the extended key usage lacks serverAuth</source>
        <translation>der erweiterten Schlüsselverwendung fehlt serverAuth</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="229"/>
        <source>no Authority Key Identifier or CA basicConstraints not critical: Python ≥ 3.13 with urllib3 ≥ 2.3 refuses it</source>
        <translation>kein Authority Key Identifier oder CA-basicConstraints nicht kritisch: Python ≥ 3.13 mit urllib3 ≥ 2.3 lehnt es ab</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="232"/>
        <source>no Authority Key Identifier or CA basicConstraints not critical (unverified for this client)</source>
        <translation>kein Authority Key Identifier oder CA-basicConstraints nicht kritisch (für diesen Client ungeprüft)</translation>
    </message>
    <message>
        <location filename="../app/tls/TrustVerdicts.cpp" line="237"/>
        <source>valid for more than 825 days: refused by Safari and by the macOS system verifier</source>
        <translation>länger als 825 Tage gültig: von Safari und der Systemprüfung von macOS abgelehnt</translation>
    </message>
</context>
<context>
    <name>TlsPanel</name>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="14"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="23"/>
        <source>TLS between agents and APM Server: the certificate APM Server serves, whether it asks agents for client certificates, and whether each agent will accept it. Drop PEM, DER or PKCS#12 files here to import them.</source>
        <translation>TLS zwischen Agenten und APM Server: das Zertifikat, das APM Server ausliefert, ob er Agenten nach Client-Zertifikaten fragt und ob jeder Agent es akzeptiert. Ziehen Sie PEM-, DER- oder PKCS#12-Dateien hierher, um sie zu importieren.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="40"/>
        <source>TLS settings</source>
        <translation>TLS-Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="47"/>
        <source>Serve over &amp;TLS</source>
        <translation>Über &amp;TLS bereitstellen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="50"/>
        <source>TLS enabled</source>
        <translation>TLS aktiviert</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="53"/>
        <source>apm-server.ssl.enabled: TLS is on when a certificate is configured unless this is false</source>
        <translation>apm-server.ssl.enabled: TLS ist an, wenn ein Zertifikat konfiguriert ist, sofern dies nicht false ist</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="60"/>
        <source>Server certificate</source>
        <translation>Serverzertifikat</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="66"/>
        <source>&amp;Certificate:</source>
        <translation>&amp;Zertifikat:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="76"/>
        <source>Server certificate file</source>
        <translation>Serverzertifikatsdatei</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="79"/>
        <source>apm-server.ssl.certificate: the PEM file APM Server serves (leaf first, then intermediates)</source>
        <translation>apm-server.ssl.certificate: die PEM-Datei, die APM Server ausliefert (Endzertifikat zuerst, dann Zwischenzertifikate)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="82"/>
        <source>/etc/apm-server/server.pem</source>
        <translation>/etc/apm-server/server.pem</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="89"/>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="99"/>
        <source>Private key file</source>
        <translation>Datei des privaten Schlüssels</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="102"/>
        <source>apm-server.ssl.key: the PEM private key of the certificate (mode 0600)</source>
        <translation>apm-server.ssl.key: der private PEM-Schlüssel des Zertifikats (Modus 0600)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="105"/>
        <source>/etc/apm-server/server.key</source>
        <translation>/etc/apm-server/server.key</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="112"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="122"/>
        <source>Key passphrase reference</source>
        <translation>Verweis auf die Schlüssel-Passphrase</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="125"/>
        <source>apm-server.ssl.key_passphrase: write a ${NAME} reference; the passphrase itself stays in the keystore or environment</source>
        <translation>apm-server.ssl.key_passphrase: Schreiben Sie einen ${NAME}-Verweis; die Passphrase selbst bleibt im Keystore oder in der Umgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="128"/>
        <source>${APM_KEY_PASSPHRASE}</source>
        <translation>${APM_KEY_PASSPHRASE}</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="138"/>
        <source>Client certificates (mutual TLS)</source>
        <translation>Client-Zertifikate (gegenseitiges TLS)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="146"/>
        <source>Client &amp;authentication:</source>
        <translation>Client-&amp;Authentifizierung:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="156"/>
        <source>Client authentication</source>
        <translation>Client-Authentifizierung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="159"/>
        <source>apm-server.ssl.client_authentication: none, optional (verify when sent) or required. Not written + certificate_authorities set means required.</source>
        <translation>apm-server.ssl.client_authentication: none, optional (prüfen, wenn gesendet) oder required. Nicht geschrieben + certificate_authorities gesetzt bedeutet required.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="166"/>
        <source>C&amp;lient CAs:</source>
        <translation>C&amp;lient-CAs:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="176"/>
        <source>Client certificate authorities</source>
        <translation>Zertifizierungsstellen für Client-Zertifikate</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="179"/>
        <source>apm-server.ssl.certificate_authorities: CA files that issue client certificates (comma separated)</source>
        <translation>apm-server.ssl.certificate_authorities: CA-Dateien, die Client-Zertifikate ausstellen (durch Kommas getrennt)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="191"/>
        <source>Effective client authentication</source>
        <translation>Wirksame Client-Authentifizierung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="194"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="204"/>
        <source>Protocols</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="210"/>
        <source>P&amp;rotocols:</source>
        <translation>P&amp;rotokolle:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="220"/>
        <source>Supported protocols</source>
        <translation>Unterstützte Protokolle</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="223"/>
        <source>apm-server.ssl.supported_protocols, by APM Server names: TLSv1.1, TLSv1.2, TLSv1.3 (none checked: TLSv1.1 to TLSv1.3)</source>
        <translation>apm-server.ssl.supported_protocols, nach APM-Server-Namen: TLSv1.1, TLSv1.2, TLSv1.3 (keines ausgewählt: TLSv1.1 bis TLSv1.3)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="230"/>
        <source>Ci&amp;pher suites:</source>
        <translation>Cip&amp;her-Suites:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="240"/>
        <source>Cipher suites</source>
        <translation>Cipher-Suites</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="243"/>
        <source>apm-server.ssl.cipher_suites, by APM Server (Go) names, (none checked: Go defaults)</source>
        <translation>apm-server.ssl.cipher_suites, nach APM-Server-(Go-)Namen (keine ausgewählt: Vorgaben von Go)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="250"/>
        <source>C&amp;urves:</source>
        <translation>&amp;Kurven:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="260"/>
        <source>Curve types</source>
        <translation>Kurventypen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="263"/>
        <source>apm-server.ssl.curve_types (none checked: Go defaults)</source>
        <translation>apm-server.ssl.curve_types (keine ausgewählt: Vorgaben von Go)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="273"/>
        <location filename="../ui/panels/TlsPanel.ui" line="483"/>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="279"/>
        <source>Agent &amp;URLs:</source>
        <translation>Agenten-&amp;URLs:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="289"/>
        <source>Agent URLs</source>
        <translation>Agenten-URLs</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="292"/>
        <source>One URL per line: what agents put in their server URL (host names, IPs, Kubernetes services, load balancers). Drives the SAN proposal and the host-name checks.</source>
        <translation>Eine URL pro Zeile: was Agenten in ihre Server-URL eintragen (Hostnamen, IPs, Kubernetes-Dienste, Load Balancer). Bestimmt den SAN-Vorschlag und die Hostnamenprüfungen.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="298"/>
        <source>https://apm.example.com:8200</source>
        <translation>https://apm.example.com:8200</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="305"/>
        <source>CA agents &amp;trust:</source>
        <translation>CA, der Agenten &amp;vertrauen:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="315"/>
        <source>CA file given to agents</source>
        <translation>CA-Datei für Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="318"/>
        <source>The CA certificate agents are given (ca.pem): the chain is checked against it</source>
        <translation>Das CA-Zertifikat, das Agenten erhalten (ca.pem): Die Kette wird dagegen geprüft</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="330"/>
        <source>Key type</source>
        <translation>Schlüsseltyp</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="333"/>
        <source>Key type of the new server certificate (EC P-256 is accepted by every agent and browser)</source>
        <translation>Schlüsseltyp des neuen Serverzertifikats (EC P-256 wird von jedem Agenten und Browser akzeptiert)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="340"/>
        <source>&amp;Generate CA and server certificate</source>
        <translation>CA und Serverzertifikat &amp;erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="343"/>
        <source>Creates a private CA and a server certificate for the agent URLs next to the document, and fills in the paths</source>
        <translation>Erstellt eine private CA und ein Serverzertifikat für die Agenten-URLs neben dem Dokument und trägt die Pfade ein</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="350"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren …</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="353"/>
        <source>Import PEM, DER or PKCS#12 files (you can also drop them on this panel)</source>
        <translation>PEM-, DER- oder PKCS#12-Dateien importieren (Sie können sie auch auf diesen Bereich ziehen)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="362"/>
        <source>Client certificate name</source>
        <translation>Name des Client-Zertifikats</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="365"/>
        <source>Also make a client certificate for mutual TLS, with this name as its subject (CN), written as client.pem and client.key next to the others</source>
        <translation>Zusätzlich ein Client-Zertifikat für gegenseitiges TLS erstellen, mit diesem Namen als Inhaber (CN), neben den anderen als client.pem und client.key geschrieben</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="368"/>
        <source>Client certificate for (optional, e.g. checkout-service)</source>
        <translation>Client-Zertifikat für (optional, z. B. checkout-service)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="380"/>
        <source>Key generation progress</source>
        <translation>Fortschritt der Schlüsselerzeugung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="390"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="393"/>
        <source>Stop the key generation</source>
        <translation>Schlüsselerzeugung abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="405"/>
        <source>No secure store for the key passphrase</source>
        <translation>Kein sicherer Speicher für die Schlüssel-Passphrase</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="412"/>
        <source>Generate with an unencrypted key (mode 0600)</source>
        <translation>Mit unverschlüsseltem Schlüssel erzeugen (Modus 0600)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="415"/>
        <source>Anyone who can read the key file can impersonate APM Server: keep its folder private</source>
        <translation>Wer die Schlüsseldatei lesen kann, kann sich als APM Server ausgeben: Halten Sie ihren Ordner privat</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="424"/>
        <source>Agent for the trust kit</source>
        <translation>Agent für das Vertrauens-Kit</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="427"/>
        <source>The agent whose trust kit to export</source>
        <translation>Der Agent, dessen Vertrauens-Kit exportiert werden soll</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="434"/>
        <source>E&amp;xport trust kit…</source>
        <translation>Vertrauens-Kit e&amp;xportieren …</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="437"/>
        <source>Writes the CA, pin files, a Java trust store and README.txt with the exact option names for this agent</source>
        <translation>Schreibt die CA, Pin-Dateien, einen Java-Truststore und README.txt mit den genauen Optionsnamen für diesen Agenten</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="462"/>
        <source>Certificate check results</source>
        <translation>Ergebnisse der Zertifikatsprüfung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="466"/>
        <location filename="../ui/panels/TlsPanel.ui" line="469"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="475"/>
        <source>Certificate findings</source>
        <translation>Zertifikatsbefunde</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="489"/>
        <source>Per-agent trust verdicts</source>
        <translation>Vertrauensurteile je Agent</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="499"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="504"/>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="509"/>
        <source>What to set, and why</source>
        <translation>Was zu setzen ist, und warum</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="518"/>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.ui" line="527"/>
        <source>Certificate details</source>
        <translation>Zertifikatsdetails</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="79"/>
        <source>APM Server does not know this name</source>
        <translation>APM Server kennt diesen Namen nicht</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="109"/>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="110"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="111"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="112"/>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="126"/>
        <source>No certificate problems found</source>
        <translation>Keine Zertifikatsprobleme gefunden</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="151"/>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.cer *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="161"/>
        <source>Choose the server certificate</source>
        <translation>Serverzertifikat wählen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="162"/>
        <source>Choose the private key</source>
        <translation>Privaten Schlüssel wählen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="163"/>
        <source>Add client CA certificates</source>
        <translation>Client-CA-Zertifikate hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="164"/>
        <source>Choose the CA certificate agents trust</source>
        <translation>CA-Zertifikat wählen, dem Agenten vertrauen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="257"/>
        <source>Effective: &lt;b&gt;required&lt;/b&gt;, because client CAs are listed and client_authentication is not set. Only the Java agent (and Go from code) can send a client certificate.</source>
        <translation>Wirksam: &lt;b&gt;required&lt;/b&gt;, weil Client-CAs aufgeführt sind und client_authentication nicht gesetzt ist. Nur der Java-Agent (und Go aus dem Code) kann ein Client-Zertifikat senden.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="259"/>
        <source>Effective: &lt;b&gt;none&lt;/b&gt; (APM Server&apos;s default): agents are not asked for certificates.</source>
        <translation>Wirksam: &lt;b&gt;none&lt;/b&gt; (Standard von APM Server): Agenten werden nicht nach Zertifikaten gefragt.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="261"/>
        <source>Effective: &lt;b&gt;required&lt;/b&gt;: agents without a client certificate fail the handshake.</source>
        <translation>Wirksam: &lt;b&gt;required&lt;/b&gt;: Agenten ohne Client-Zertifikat scheitern am Handshake.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="263"/>
        <source>Effective: &lt;b&gt;optional&lt;/b&gt;: a certificate is verified when an agent sends one.</source>
        <translation>Wirksam: &lt;b&gt;optional&lt;/b&gt;: Ein Zertifikat wird geprüft, wenn ein Agent eines sendet.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="265"/>
        <source>Effective: &lt;b&gt;none&lt;/b&gt;: agents are not asked for certificates.</source>
        <translation>Wirksam: &lt;b&gt;none&lt;/b&gt;: Agenten werden nicht nach Zertifikaten gefragt.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="267"/>
        <source> Without client CAs, client certificates are verified against the system roots.</source>
        <translation> Ohne Client-CAs werden Client-Zertifikate gegen die Stammzertifikate des Systems geprüft.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="295"/>
        <source>Findings (%1)</source>
        <translation>Befunde (%1)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="303"/>
        <source>accepts it as is</source>
        <translation>akzeptiert es so</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="306"/>
        <source>accepts it once set up</source>
        <translation>akzeptiert es nach Einrichtung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="309"/>
        <source>needs a newer runtime</source>
        <translation>braucht eine neuere Laufzeitumgebung</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="312"/>
        <source>rejects it</source>
        <translation>lehnt es ab</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="318"/>
        <source>Set: %1</source>
        <translation>Setzen: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="320"/>
        <source>Because: %1</source>
        <translation>Weil: %1</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="340"/>
        <source>No keychain is set up for this window.</source>
        <translation>Für dieses Fenster ist kein Schlüsselbund eingerichtet.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="382"/>
        <source>&lt;b&gt;No secure store for the key&apos;s passphrase.&lt;/b&gt; %1&lt;br&gt;The keys can be written unencrypted (mode 0600): anyone who can read server.key can impersonate APM Server. A passphrase is never written to a file.</source>
        <translation>&lt;b&gt;Kein sicherer Speicher für die Passphrase des Schlüssels.&lt;/b&gt; %1&lt;br&gt;Die Schlüssel können unverschlüsselt geschrieben werden (Modus 0600): Wer server.key lesen kann, kann sich als APM Server ausgeben. Eine Passphrase wird nie in eine Datei geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="421"/>
        <source>Generate certificates</source>
        <translation>Zertifikate erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="430"/>
        <source>Client certificate for agents (mutual TLS): %1 and its key %2 (not encrypted, mode 0600; hand both to the agent).</source>
        <translation>Client-Zertifikat für Agenten (gegenseitiges TLS): %1 und sein Schlüssel %2 (nicht verschlüsselt, Modus 0600; geben Sie beide dem Agenten).</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="453"/>
        <source>PKCS#12 password</source>
        <translation>PKCS#12-Passwort</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="453"/>
        <source>Password of %1:</source>
        <translation>Passwort von %1:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="461"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="479"/>
        <source>Import certificates and keys</source>
        <translation>Zertifikate und Schlüssel importieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="480"/>
        <source>Certificates and keys (*.pem *.crt *.cer *.der *.key *.p12 *.pfx);;All files (*)</source>
        <translation>Zertifikate und Schlüssel (*.pem *.crt *.cer *.der *.key *.p12 *.pfx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="491"/>
        <source>Java trust store</source>
        <translation>Java-Truststore</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="491"/>
        <source>Trust store password:</source>
        <translation>Truststore-Passwort:</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="499"/>
        <location filename="../ui/panels/TlsPanel.cpp" line="502"/>
        <source>Export trust kit</source>
        <translation>Vertrauens-Kit exportieren</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="503"/>
        <source>Wrote %1 file(s) to %2.

%3</source>
        <translation>%1 Datei(en) in %2 geschrieben.

%3</translation>
    </message>
    <message>
        <location filename="../ui/panels/TlsPanel.cpp" line="508"/>
        <source>Export trust kit to</source>
        <translation>Vertrauens-Kit exportieren nach</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="113"/>
        <source>APM Gatekeeper: edit and explain apm-server.yml</source>
        <translation>APM Gatekeeper: apm-server.yml bearbeiten und erklären</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="114"/>
        <source>Open FILE.</source>
        <translation>Die Datei FILE öffnen.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="117"/>
        <source>Show panel NAME (configuration, effective, intake, tls, secrets, apikeys, rum, agents, probe, doctor).</source>
        <translation>Bereich NAME anzeigen (configuration, effective, intake, tls, secrets, apikeys, rum, agents, probe, doctor).</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="120"/>
        <source>Quit after MS milliseconds.</source>
        <translation>Nach MS Millisekunden beenden.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="124"/>
        <source>Save the window as a PNG just before quitting (after 1 s without --quit-after).</source>
        <translation>Das Fenster kurz vor dem Beenden als PNG speichern (nach 1 s ohne --quit-after).</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="128"/>
        <source>Use the Fusion style with a dark palette.</source>
        <translation>Den Fusion-Stil mit dunkler Farbpalette verwenden.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="130"/>
        <source>Window size, e.g. 1024x700.</source>
        <translation>Fenstergröße, z. B. 1024x700.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="133"/>
        <source>apm-server.yml to open.</source>
        <translation>Zu öffnende apm-server.yml.</translation>
    </message>
</context>
</TS>
