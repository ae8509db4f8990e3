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
    <name>Config</name>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="57"/>
        <source>expected %1, found %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="61"/>
        <source>a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="62"/>
        <source>a mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="63"/>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="208"/>
        <source>expected %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="28"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="47"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="239"/>
        <source>set in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="29"/>
        <location filename="../app/config/EffectiveSettings.cpp" line="51"/>
        <source>APM Server&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="49"/>
        <source>from the deprecated key apm-server.%1 (7.15 maps it; the new key would win)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="56"/>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="56"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="114"/>
        <source>APM Server 7.15&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="114"/>
        <source>APM Server 8.19&apos;s default (127.0.0.1:8200)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="124"/>
        <source>APM Server&apos;s default: unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="133"/>
        <source>apm-server.%1 was removed in APM Server 8.0; use apm-server.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="151"/>
        <source>on: a secret token is set and API keys are enabled; each request is judged by the scheme it sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="154"/>
        <source>on, because a secret token is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="156"/>
        <source>on, because API keys are enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="158"/>
        <source>off: no secret token and no API keys, so every request is allowed whatever its Authorization header says, and the anonymous settings are ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="174"/>
        <source>not applicable: no authentication is configured, so every request is allowed and the anonymous settings are ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="182"/>
        <source>on, because auth.anonymous.enabled is true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="183"/>
        <source>off, because auth.anonymous.enabled is false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="186"/>
        <source>off: APM Server 7.15.2 treats any auth.anonymous.* key as an explicit configuration and then does not auto-enable anonymous access; write auth.anonymous.enabled: true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="190"/>
        <source>on, because RUM is enabled and a secret token is set (auto-enabled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="191"/>
        <source>on, because RUM is enabled and API keys are enabled (auto-enabled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="194"/>
        <source>off: it is only auto-enabled when RUM is enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="199"/>
        <source>set to an empty list: any agent name is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="203"/>
        <source> (empty: any service name is allowed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="209"/>
        <source>3 × event_limit (%1): the token bucket&apos;s capacity per client IP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="222"/>
        <source>on, because ssl.enabled is true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="222"/>
        <source>off, because ssl.enabled is false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="226"/>
        <source>on, because ssl.* keys are present and ssl.enabled is not set to false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="229"/>
        <source>off: no ssl.* key in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="248"/>
        <source>unknown client authentication mode &apos;%1&apos; (none, optional or required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="253"/>
        <source>required, because ssl.certificate_authorities is set and ssl.client_authentication is not: agents must present a client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="257"/>
        <source>APM Server&apos;s default (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="262"/>
        <source>APM Server&apos;s default (TLS 1.1 to 1.3, restored by SetInsecureDefaults in 8.x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="264"/>
        <source>APM Server&apos;s default: Go&apos;s cipher suites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="266"/>
        <source>APM Server&apos;s default: Go&apos;s curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="278"/>
        <source>invalid tls version &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="283"/>
        <source>invalid tls cipher suite &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="288"/>
        <source>invalid tls curve type &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="299"/>
        <source>on, because apm-server.kibana.enabled is true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="300"/>
        <source>off: APM Server 7.15 serves agent configuration only with apm-server.kibana enabled (403 otherwise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="304"/>
        <source>on: APM Server 8.7+ reads agent configuration from Elasticsearch; the stub answers from its own agent-configuration store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="307"/>
        <source>7.x has /assets/v1/sourcemaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="307"/>
        <source>removed in 8.0 (404)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="312"/>
        <source>8.x has no sourcemap endpoint; upload through Kibana</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="318"/>
        <source>off, because RUM is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="319"/>
        <source>off, because rum.source_mapping.enabled is false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="320"/>
        <source>off, because data streams are enabled (Fleet-managed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="321"/>
        <source>on, because RUM and source mapping are enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="81"/>
        <source>allow_origins contains &apos;*&apos;: any web site can send RUM events to this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="82"/>
        <source>List the exact origins of your pages, e.g. https://shop.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="88"/>
        <source>allow_origins entry %1 contains quote characters, so it never matches a browser&apos;s Origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="89"/>
        <source>Write the origin without extra quotes: - https://shop.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="94"/>
        <source>allow_origins entry &apos;%1&apos; contains spaces; origins are matched exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="95"/>
        <source>Remove the spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="102"/>
        <source>allow_origins entry &apos;%1&apos; has no scheme; a browser&apos;s Origin always starts with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="104"/>
        <source>Write https://%1 (or http:// for plain HTTP pages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="110"/>
        <source>allow_origins entry &apos;%1&apos; ends with &apos;/&apos;; a browser&apos;s Origin never does, so it never matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="111"/>
        <source>Remove the trailing slash: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="116"/>
        <source>allow_origins entry &apos;%1&apos; has a path; an Origin is only scheme://host[:port], so it never matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="118"/>
        <source>Use %1://%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="123"/>
        <source>allow_origins entry &apos;%1&apos; has no host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="123"/>
        <source>Add the host name of your pages.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::ApmServerYaml</name>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="934"/>
        <source>Cannot change %1: the file sets it through dotted keys below it; edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="965"/>
        <source>Cannot change %1: its place in the file could not be located safely; edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="973"/>
        <source>Cannot change %1: it is part of a YAML anchor or alias (&amp; or *); edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="981"/>
        <source>Cannot change %1: its section is written in flow style ({ … }); edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1052"/>
        <source>Cannot change %1: its value carries a YAML tag (!); edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1196"/>
        <source>Cannot add %1: %2 already has a value that is not a section of settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1253"/>
        <source>The configuration is not valid YAML: the problem is at line %1, column %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1257"/>
        <source>%1 is not valid YAML: the problem is at line %2, column %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1263"/>
        <source>Check the indentation (spaces, not tabs), quotes and brackets near that position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1285"/>
        <source>Cannot change %1: the edit could not be placed safely; edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1291"/>
        <source>Cannot change %1: the result would not be valid YAML, so the file was left unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1300"/>
        <source>Cannot change %1: the file would not read back the new value, so it was left unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1307"/>
        <source>Cannot remove %1: it is still set after the edit, so the file was left unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1323"/>
        <source>Cannot change %1 without also changing other settings; edit it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1377"/>
        <source>The configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1380"/>
        <source>%1 must contain settings (key: value) at the top level, not a list or a single value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ApmServerYaml.cpp" line="1442"/>
        <location filename="../app/config/ApmServerYaml.cpp" line="1458"/>
        <source>“%1” is not a valid setting name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::ConfigLinter</name>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="144"/>
        <source>%1: %2</source>
        <translation type="unfinished">%1, %2 {1:?}</translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="144"/>
        <source>Correct the value&apos;s type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="151"/>
        <source>Fix this setting; APM Server will not start with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="154"/>
        <source>Set auth.anonymous.rate_limit.ip_limit to a positive number (default 1000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="157"/>
        <source>Rename the key as the message says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="160"/>
        <source>Set ssl.certificate and ssl.key, or set ssl.enabled: false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="162"/>
        <source>APM Server will not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="172"/>
        <source>A secret token is set but TLS is off: agents send it in clear text over the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="173"/>
        <source>Enable TLS (apm-server.ssl) or keep the server on a trusted network only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="177"/>
        <source>The secret token is written in clear text in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="178"/>
        <source>Store it in APM Server&apos;s keystore (apm-server keystore add APM_SECRET_TOKEN) or an environment variable, and write secret_token: ${APM_SECRET_TOKEN}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="184"/>
        <source>The secret token is the literal word &apos;%1&apos;; agents must send exactly that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="185"/>
        <source>Remove the key to disable the token, or generate a real one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="188"/>
        <source>The secret token contains whitespace; agents and environment variables often strip it, giving 401 &apos;authentication failed&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="190"/>
        <source>Generate a token without whitespace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="193"/>
        <source>The secret token is only %1 characters long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="194"/>
        <source>Use at least 32 random characters (the Secrets panel generates one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="199"/>
        <source>The key passphrase is written in clear text in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="200"/>
        <source>Keep it in APM Server&apos;s keystore and write key_passphrase: ${SSL_KEY_PASSPHRASE}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="206"/>
        <source>auth.anonymous settings have no effect: without a secret token or API keys every request is allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="207"/>
        <source>Set a secret token or enable API keys, or remove the anonymous settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="211"/>
        <source>APM Server 7.15 turns anonymous access off because auth.anonymous.* keys are set without auth.anonymous.enabled: the RUM agent will get 401.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="213"/>
        <source>Add auth.anonymous.enabled: true.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="217"/>
        <source>RUM is enabled but anonymous access is off: browsers cannot send a token, so RUM requests get 401.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="218"/>
        <source>Set auth.anonymous.enabled: true (restricted by allow_agent/allow_service).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="223"/>
        <source>event_limit is %1: every anonymous request is answered 429 (rate 0, burst 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="224"/>
        <source>Set event_limit to a positive number (default 300).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="228"/>
        <source>Anonymous capacity: %1 events/s per client IP (bursts of %2), for up to %3 IPs (about %4 events/s in total). Clients behind one NAT or proxy share one limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="234"/>
        <source>Raise event_limit for busy pages behind NAT; the client IP comes from Forwarded/X-Real-Ip/X-Forwarded-For headers, which clients can spoof unless a proxy rewrites them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="240"/>
        <source>allow_agent does not contain rum-js: the browser agent&apos;s events will be refused with 403.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="241"/>
        <source>Add rum-js (and js-base) to allow_agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="244"/>
        <source>allow_agent is empty: any agent, backend agents included, may send data without credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="245"/>
        <source>List only the browser agents: [rum-js, js-base].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="257"/>
        <source>rum.* settings are present but RUM is disabled: the RUM endpoints answer 403.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="258"/>
        <source>Set rum.enabled: true if you use the browser agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="266"/>
        <source>%1 is enabled; it is deprecated and weak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="267"/>
        <source>%1 is enabled by APM Server&apos;s default protocol list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="268"/>
        <source>Set supported_protocols: [TLSv1.2, TLSv1.3].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="275"/>
        <source>certificate_authorities is set without client_authentication, so client certificates are required: agents without one fail the TLS handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="277"/>
        <source>Set client_authentication: required if that is intended, or none/optional, or remove the CA list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="282"/>
        <source>Client authentication is %1 but no certificate_authorities are set: client certificates are verified against the host&apos;s system roots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="284"/>
        <source>Add the CA that issued your agents&apos; client certificates to certificate_authorities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="289"/>
        <source>ssl.enabled is false, so the certificate settings are ignored and agents connect over plain HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="290"/>
        <source>Remove ssl.enabled: false to turn TLS on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="296"/>
        <source>The server listens on %1 without any authentication: anyone who reaches it can send data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="298"/>
        <source>Set a secret token or API keys, or listen on a loopback address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="301"/>
        <source>The server listens on %1 without TLS: credentials and data cross the network in clear text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="303"/>
        <source>Enable TLS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="309"/>
        <source>expvar/pprof endpoints are enabled; they need no authentication at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="310"/>
        <source>Disable them in production.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="315"/>
        <source>auth.api_key.limit is %1; 8.19 then uses 8192, 7.15 refuses every key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="316"/>
        <source>Set it to at least the number of distinct API keys your agents use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="321"/>
        <source>Agent central configuration answers 403 under 7.15 unless apm-server.kibana is enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="322"/>
        <source>Enable apm-server.kibana if you use central configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="331"/>
        <source>apm-server.%1 is deprecated and removed in 8.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="332"/>
        <source>Use apm-server.%1 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="357"/>
        <source>apm-server.%1 is not a setting APM Server knows; it is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="358"/>
        <source>apm-server.%1 is not a setting APM Server knows; did you mean apm-server.%2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="360"/>
        <source>Check the spelling against the APM Server reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="361"/>
        <source>Rename it to apm-server.%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="375"/>
        <source>&apos;%1&apos; is at the top level of the file; APM Server only reads it under apm-server:, so it is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/ConfigLinter.cpp" line="377"/>
        <source>Indent it under apm-server: (apm-server.%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::Document</name>
    <message>
        <location filename="../app/config/Document.cpp" line="61"/>
        <source>The document has no file name yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/Document.cpp" line="62"/>
        <source>Use Save As.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/Document.cpp" line="96"/>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::EffectiveSettings</name>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="339"/>
        <source>(set, %1 characters, hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/EffectiveSettings.cpp" line="381"/>
        <source>absent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::Schema</name>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="23"/>
        <source>Address and port APM Server listens on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="27"/>
        <source>Largest request header block accepted; larger ones get 431.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="30"/>
        <source>How long an idle keep-alive connection stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="33"/>
        <source>Longest time to read a whole request, body included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="36"/>
        <source>Longest time to write a response.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="39"/>
        <source>How long in-flight requests may finish on shutdown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="42"/>
        <source>Largest single NDJSON event line, in bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="45"/>
        <source>Simultaneous connections; further ones wait (0 = unlimited).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="48"/>
        <source>Headers added to every response of the agent endpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="51"/>
        <source>Record client IP and user agent with events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="54"/>
        <source>Environment recorded for events that name none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="57"/>
        <source>Expose /debug/vars without authentication.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="60"/>
        <source>Expose /debug/pprof without authentication.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="65"/>
        <source>Shared secret agents send as &quot;Authorization: Bearer &lt;token&gt;&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="69"/>
        <source>Accept &quot;Authorization: ApiKey base64(id:key)&quot; checked against Elasticsearch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="73"/>
        <source>Distinct API key IDs cached per minute; more answer 503.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="76"/>
        <source>Allow requests without credentials (for the RUM agent), restricted by the allow-lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="80"/>
        <source>Agent names allowed anonymous access (exact match).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="84"/>
        <source>Service names allowed anonymous access (empty = any).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="88"/>
        <source>How many client IPs get their own anonymous rate limiter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="92"/>
        <source>Anonymous events per second per client IP (burst three times that).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="97"/>
        <source>TLS on or off; any other ssl key turns TLS on unless this is false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="100"/>
        <source>PEM file with the server certificate (and its chain).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="103"/>
        <source>PEM file with the server&apos;s private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="105"/>
        <source>Passphrase of an encrypted key; keep it in the keystore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="109"/>
        <source>CAs that verify agents&apos; client certificates; setting it makes them required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="113"/>
        <source>Whether agents must present a client certificate: none, optional or required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="118"/>
        <source>TLS versions the server accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="122"/>
        <source>TLS 1.2 cipher suites by Go name (empty = Go&apos;s defaults).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="125"/>
        <source>ECDHE curves (P-256, P-384, P-521, X25519).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="128"/>
        <source>Client certificate verification (undocumented on the server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="134"/>
        <source>Accept events from the browser (RUM) agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="138"/>
        <source>Origins (scheme://host[:port], * globs) allowed to send RUM events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="142"/>
        <source>Extra request headers allowed in CORS preflights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="145"/>
        <source>Headers added to RUM endpoint responses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="149"/>
        <source>Stack frames matching this are marked as library code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="153"/>
        <source>Stack frames matching this are ignored when grouping errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="156"/>
        <source>Apply uploaded source maps to RUM stack traces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="161"/>
        <source>Connect to Kibana (7.15: required for agent central configuration).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="165"/>
        <source>How long agents cache central configuration (Cache-Control max-age).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="168"/>
        <source>Write to data streams (7.15: disables sourcemap upload).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="173"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.secret_token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="176"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.api_key.enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="179"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.api_key.limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="182"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.event_limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="186"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.rate_limit.ip_limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsSchema.cpp" line="190"/>
        <source>Deprecated in 7.x, removed in 8.0: use auth.anonymous.allow_service.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Config::SettingsIo</name>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="32"/>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="33"/>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="34"/>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="35"/>
        <source>a duration such as 30s or 5m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="36"/>
        <source>a list of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/config/SettingsIo.cpp" line="37"/>
        <source>a mapping of header names to values</source>
        <translation type="unfinished"></translation>
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
    <name>Core</name>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="26"/>
        <source>Cannot read %1 to back it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="31"/>
        <source>Cannot write the backup %1.bak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="32"/>
        <source>Check that the folder is writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="38"/>
        <location filename="../app/core/AtomicFile.cpp" line="44"/>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="39"/>
        <source>Check that the folder exists and is writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="47"/>
        <source>Cannot save %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="48"/>
        <source>Check free disk space and permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="59"/>
        <source>The file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="60"/>
        <source>Check the path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="62"/>
        <source>%1 is a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="64"/>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="65"/>
        <source>Check the file&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/core/AtomicFile.cpp" line="68"/>
        <source>%1 is too large (%2 bytes).</source>
        <translation type="unfinished"></translation>
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
        <location filename="../ui/widgets/FindingsView.cpp" line="156"/>
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
        <location filename="../ui/widgets/FindingsView.cpp" line="85"/>
        <source>%1
Key: %2</source>
        <translation>%1
Schlüssel: %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="130"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="132"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="134"/>
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="151"/>
        <source>1 error</source>
        <translation>1 Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="151"/>
        <source>%1 errors</source>
        <translation>%1 Fehler</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="153"/>
        <source>1 warning</source>
        <translation>1 Warnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="153"/>
        <source>%1 warnings</source>
        <translation>%1 Warnungen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="155"/>
        <source>1 note</source>
        <translation>1 Hinweis</translation>
    </message>
    <message>
        <location filename="../ui/widgets/FindingsView.cpp" line="155"/>
        <source>%1 notes</source>
        <translation>%1 Hinweise</translation>
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
        <location filename="../ui/MainWindow.cpp" line="38"/>
        <source>YAML files (*.yml *.yaml);;All files (*)</source>
        <translation>YAML-Dateien (*.yml *.yaml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="73"/>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="75"/>
        <source>The apm-server.yml text with syntax highlighting, its problems and pending changes</source>
        <translation>Der Text der apm-server.yml mit Syntaxhervorhebung, ihren Problemen und ausstehenden Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="78"/>
        <source>Effective settings</source>
        <translation>Wirksame Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="80"/>
        <source>What APM Server will actually do with this file, and why</source>
        <translation>Was APM Server mit dieser Datei tatsächlich macht, und warum</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="120"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="179"/>
        <source>P&amp;rofile:</source>
        <translation>P&amp;rofil:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="185"/>
        <source>APM Server 7.15</source>
        <translation>APM Server 7.15</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="186"/>
        <source>APM Server 8.19</source>
        <translation>APM Server 8.19</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="187"/>
        <source>Emulated APM Server version</source>
        <translation>Nachgebildete APM-Server-Version</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="188"/>
        <source>Which APM Server release to explain the file for. Defaults and implicit rules differ between 7.15 and 8.19 (for example apm-server.host defaults to localhost:8200 in 7.15 and 127.0.0.1:8200 in 8.19; 7.15 still reads deprecated keys).</source>
        <translation>Für welche APM-Server-Version die Datei erklärt wird. Vorgaben und implizite Regeln unterscheiden sich zwischen 7.15 und 8.19 (zum Beispiel ist apm-server.host in 7.15 standardmäßig localhost:8200 und in 8.19 127.0.0.1:8200; 7.15 liest noch veraltete Schlüssel).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="203"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="207"/>
        <source>Emulated profile</source>
        <translation>Nachgebildetes Profil</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="208"/>
        <source>The APM Server release whose behaviour is explained (View → Profile)</source>
        <translation>Die APM-Server-Version, deren Verhalten erklärt wird (Ansicht → Profil)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="211"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="212"/>
        <source>Problems the linter found in this file (see the Configuration panel)</source>
        <translation>Probleme, die die Prüfung in dieser Datei gefunden hat (siehe Bereich Konfiguration)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="257"/>
        <source>Profile: APM Server %1</source>
        <translation>Profil: APM Server %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="262"/>
        <source>Save them before starting a new document?</source>
        <translation>Vor dem Anlegen eines neuen Dokuments speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="265"/>
        <source>New document with secure defaults</source>
        <translation>Neues Dokument mit sicheren Vorgaben</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="270"/>
        <location filename="../ui/MainWindow.cpp" line="284"/>
        <source>Save them before opening another file?</source>
        <translation>Vor dem Öffnen einer anderen Datei speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="277"/>
        <source>Open apm-server.yml</source>
        <translation>apm-server.yml öffnen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="295"/>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="299"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="318"/>
        <source>Save apm-server.yml As</source>
        <translation>apm-server.yml speichern unter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="329"/>
        <source>Cannot save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="344"/>
        <source>Could not save %1</source>
        <translation>%1 konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="349"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="358"/>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="360"/>
        <source>Discard all changes and start again from the secure defaults?</source>
        <translation>Alle Änderungen verwerfen und mit den sicheren Vorgaben neu beginnen?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="361"/>
        <source>Discard all changes since the last save and reload “%1” from disk?</source>
        <translation>Alle Änderungen seit dem letzten Speichern verwerfen und „%1“ neu laden?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="368"/>
        <source>Could not revert</source>
        <translation>Zurücksetzen fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="379"/>
        <source>Save them before quitting?</source>
        <translation>Vor dem Beenden speichern?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="393"/>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="394"/>
        <source>“%1” has unsaved changes.</source>
        <translation>„%1“ hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="422"/>
        <source>%1[*] — APM Gatekeeper</source>
        <translation>%1[*] — APM Gatekeeper</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="431"/>
        <source>%1 — unsaved changes</source>
        <translation>%1 — ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="456"/>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="460"/>
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
</TS>
