// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "cli/ConfigCommands.h"

#include "cli/Cli.h"
#include "config/ApmServerYaml.h"
#include "config/SecretReference.h"
#include "config/SettingsIo.h"
#include "config/SettingsSchema.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <yaml-cpp/yaml.h>

namespace Cli {

using namespace Config;

namespace {

struct Common
{
    Profile profile = Profile::V7_15;
    bool json = false;
    QStringList positional;
};

// Parses `--profile` and `--format`; prints the problem and returns nullopt on bad arguments.
std::optional<Common> parseCommon(const QStringList& args, bool withFormat, QTextStream& err, const char* usage)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addOption({QStringLiteral("profile"), QStringLiteral("APM Server profile: 7.15 or 8.19."),
                      QStringLiteral("profile"), QStringLiteral("7.15")});
    if (withFormat)
        parser.addOption({QStringLiteral("format"), QStringLiteral("Output format: text or json."),
                          QStringLiteral("format"), QStringLiteral("text")});
    if (!parser.parse(QStringList{QStringLiteral("apm-gatekeeper")} + args)) {
        err << "apm-gatekeeper: " << parser.errorText() << "\n" << usage;
        return std::nullopt;
    }
    Common c;
    const auto profile = parseProfile(parser.value(QStringLiteral("profile")));
    if (!profile) {
        err << "apm-gatekeeper: unknown profile '" << parser.value(QStringLiteral("profile"))
            << "' (use 7.15 or 8.19)\n";
        return std::nullopt;
    }
    c.profile = *profile;
    if (withFormat) {
        const QString format = parser.value(QStringLiteral("format"));
        if (format != QLatin1String("text") && format != QLatin1String("json")) {
            err << "apm-gatekeeper: unknown format '" << format << "' (use text or json)\n";
            return std::nullopt;
        }
        c.json = format == QLatin1String("json");
    }
    c.positional = parser.positionalArguments();
    return c;
}

QString yamlValueText(const YamlValue& v)
{
    switch (v.kind) {
    case YamlValue::Kind::Null: return QString();
    case YamlValue::Kind::Scalar: return v.scalar;
    case YamlValue::Kind::List: return QLatin1Char('[') + v.list.join(QStringLiteral(", ")) + QLatin1Char(']');
    case YamlValue::Kind::Map: {
        QStringList parts;
        for (const auto& [k, vals] : v.map)
            parts << k + QStringLiteral(": ") +
                         (vals.size() == 1 ? vals.constFirst()
                                           : QLatin1Char('[') + vals.join(QStringLiteral(", ")) + QLatin1Char(']'));
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    }
    return {};
}

// Reads a VALUE argument as YAML (so lists and maps can be given: "[a, b]", "{X-A: 1}").
std::optional<YamlValue> parseValueArgument(const QString& text, QString* error)
{
    try {
        const YAML::Node node = YAML::Load(text.toStdString());
        if (node.IsNull())
            return YamlValue::fromScalar(text);
        if (node.IsScalar())
            return YamlValue::fromScalar(QString::fromStdString(node.Scalar()));
        if (node.IsSequence()) {
            QStringList list;
            for (const auto& item : node) {
                if (!item.IsScalar()) {
                    *error = QStringLiteral("list items must be plain values");
                    return std::nullopt;
                }
                list << QString::fromStdString(item.Scalar());
            }
            return YamlValue::fromList(list);
        }
        if (node.IsMap()) {
            QList<QPair<QString, QStringList>> map;
            for (const auto& kv : node) {
                QStringList values;
                if (kv.second.IsScalar())
                    values << QString::fromStdString(kv.second.Scalar());
                else if (kv.second.IsSequence())
                    for (const auto& item : kv.second)
                        values << QString::fromStdString(item.Scalar());
                map.append({QString::fromStdString(kv.first.Scalar()), values});
            }
            return YamlValue::fromMap(map);
        }
    } catch (const YAML::Exception&) {
        // Not valid YAML on its own: take the text literally as a string.
        return YamlValue::fromScalar(text);
    }
    *error = QStringLiteral("unsupported value");
    return std::nullopt;
}

const char* const kLintUsage = "Usage: apm-gatekeeper config lint FILE [--profile 7.15|8.19] [--format text|json]\n";
const char* const kEffectiveUsage =
    "Usage: apm-gatekeeper config effective FILE [--profile 7.15|8.19] [--format text|json]\n";
const char* const kGetUsage = "Usage: apm-gatekeeper config get FILE KEY\n";
const char* const kSetUsage = "Usage: apm-gatekeeper config set FILE KEY VALUE\n";

int lint(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const auto c = parseCommon(args, true, err, kLintUsage);
    if (!c)
        return kExitUsage;
    if (c->positional.size() != 1) {
        err << kLintUsage;
        return kExitUsage;
    }
    const QString file = c->positional.constFirst();
    auto yaml = ApmServerYaml::load(file);
    if (!yaml) {
        if (c->json) {
            QJsonObject o{{QStringLiteral("file"), file},
                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), yaml.error().code},
                                                                {QStringLiteral("message"), yaml.error().message},
                                                                {QStringLiteral("detail"), yaml.error().detail}}}};
            out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        }
        printError(err, yaml.error());
        return kExitInput;
    }
    const QList<Finding> findings = ConfigLinter::lint(*yaml, c->profile);
    if (c->json) {
        int errors = 0, warnings = 0;
        for (const Finding& f : findings) {
            errors += f.severity == Severity::Error;
            warnings += f.severity == Severity::Warning;
        }
        QJsonObject o{{QStringLiteral("file"), file},
                      {QStringLiteral("profile"), profileName(c->profile)},
                      {QStringLiteral("errors"), errors},
                      {QStringLiteral("warnings"), warnings},
                      {QStringLiteral("findings"), findingsToJson(findings)}};
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        printFindingsText(out, file, findings);
    }
    return hasErrors(findings) ? kExitFindings : kExitOk;
}

int effective(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const auto c = parseCommon(args, true, err, kEffectiveUsage);
    if (!c)
        return kExitUsage;
    if (c->positional.size() != 1) {
        err << kEffectiveUsage;
        return kExitUsage;
    }
    auto yaml = ApmServerYaml::load(c->positional.constFirst());
    if (!yaml) {
        printError(err, yaml.error());
        return kExitInput;
    }
    const SettingsReadResult read = readSettings(*yaml);
    const EffectiveSettings e = derive(read.settings, c->profile);
    if (c->json) {
        QJsonArray startup;
        for (const StartupError& s : e.startupErrors)
            startup.append(QJsonObject{{QStringLiteral("key"), s.key},
                                       {QStringLiteral("message"), s.message},
                                       {QStringLiteral("section"), s.section}});
        for (const ReadIssue& i : read.issues)
            startup.append(QJsonObject{{QStringLiteral("key"), i.key},
                                       {QStringLiteral("message"), i.message},
                                       {QStringLiteral("section"), QStringLiteral("§7")}});
        QJsonObject o{{QStringLiteral("file"), c->positional.constFirst()},
                      {QStringLiteral("profile"), profileName(c->profile)},
                      {QStringLiteral("can_start"), startup.isEmpty()},
                      {QStringLiteral("startup_errors"), startup},
                      {QStringLiteral("settings"), effectiveToJson(e)}};
        out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        out << "# Effective settings of " << c->positional.constFirst() << " as APM Server "
            << profileVersion(c->profile) << " would use them\n";
        for (const ReadIssue& i : read.issues)
            out << "# cannot start: " << i.key << ": " << i.message << "\n";
        for (const StartupError& s : e.startupErrors)
            out << "# cannot start: " << s.key << ": " << s.message << " (" << s.section << ")\n";
        printEffectiveText(out, e);
    }
    return kExitOk;
}

QString normaliseKey(const QString& key)
{
    // Accept keys relative to apm-server for managed settings ("auth.secret_token").
    if (!key.startsWith(QLatin1String("apm-server.")) && findKey(key))
        return QStringLiteral("apm-server.") + key;
    return key;
}

int get(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.size() != 2) {
        err << kGetUsage;
        return kExitUsage;
    }
    auto yaml = ApmServerYaml::load(args.at(0));
    if (!yaml) {
        printError(err, yaml.error());
        return kExitInput;
    }
    const QString key = normaliseKey(args.at(1));
    const auto value = yaml->value(key);
    if (!value) {
        err << "apm-gatekeeper: " << key << " is not set in " << args.at(0);
        if (const KeyInfo* info = findKey(key)) {
            const QString d715 = info->defaultFor(Profile::V7_15), d819 = info->defaultFor(Profile::V8_19);
            if (!d715.isEmpty() || !d819.isEmpty())
                err << " (APM Server's default: " << (d715 == d819 ? d715 : d715 + QStringLiteral(" in 7.15, ") + d819 + QStringLiteral(" in 8.19")) << ")";
        }
        err << "\n";
        return kExitFindings;
    }
    out << yamlValueText(*value) << "\n";
    return kExitOk;
}

int set(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.size() != 3) {
        err << kSetUsage;
        return kExitUsage;
    }
    const QString file = args.at(0);
    const QString key = normaliseKey(args.at(1));
    auto yaml = ApmServerYaml::load(file);
    if (!yaml) {
        printError(err, yaml.error());
        return kExitInput;
    }
    QString error;
    const auto value = parseValueArgument(args.at(2), &error);
    if (!value) {
        err << "apm-gatekeeper: cannot read the value: " << error << "\n";
        return kExitUsage;
    }
    if (const KeyInfo* info = findKey(key)) {
        QString typeError;
        if (std::holds_alternative<std::monostate>(convertValue(*info, *value, &typeError))) {
            err << "apm-gatekeeper: " << key << ": " << typeError << "\n";
            return kExitUsage;
        }
        // Secrets never go into the file in clear text (and a command line is no place for them).
        if (info->secret && value->kind == YamlValue::Kind::Scalar && !value->scalar.isEmpty() &&
            !SecretReference::isReference(value->scalar)) {
            err << "apm-gatekeeper: " << key << " holds a secret; write a reference such as ${"
                << (info->key.endsWith(QLatin1String("key_passphrase")) ? "SSL_KEY_PASSPHRASE" : "APM_SECRET_TOKEN")
                << "} and give APM Server the value through its keystore (apm-server keystore add NAME) or an "
                   "environment variable.\n";
            return kExitUsage;
        }
    }
    if (auto r = yaml->set(key, *value); !r) {
        printError(err, r.error());
        return kExitInput;
    }
    if (auto r = yaml->save(file); !r) {
        printError(err, r.error());
        return kExitInput;
    }
    out << key << " = " << yamlValueText(*value) << "\n";
    return kExitOk;
}

} // namespace

int runConfigCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return dispatchSubcommand("config", {{"lint", lint}, {"effective", effective}, {"get", get}, {"set", set}}, args, out,
                              err);
}

void printFindingsText(QTextStream& out, const QString& fileName, const QList<Finding>& findings)
{
    int errors = 0, warnings = 0, infos = 0;
    for (const Finding& f : findings) {
        out << fileName;
        if (f.line > 0)
            out << ":" << f.line;
        out << ": " << severityName(f.severity) << " [" << f.code << "] " << f.message << "\n";
        if (!f.key.isEmpty())
            out << "    key: " << f.key << "\n";
        if (!f.fix.isEmpty())
            out << "    fix: " << f.fix << "\n";
        if (!f.section.isEmpty())
            out << "    see: " << f.section << "\n";
        errors += f.severity == Severity::Error;
        warnings += f.severity == Severity::Warning;
        infos += f.severity == Severity::Info;
    }
    out << errors << " error(s), " << warnings << " warning(s), " << infos << " note(s)\n";
}

QJsonArray findingsToJson(const QList<Finding>& findings)
{
    QJsonArray a;
    for (const Finding& f : findings)
        a.append(QJsonObject{{QStringLiteral("severity"), severityName(f.severity)},
                             {QStringLiteral("code"), f.code},
                             {QStringLiteral("message"), f.message},
                             {QStringLiteral("fix"), f.fix},
                             {QStringLiteral("key"), f.key},
                             {QStringLiteral("line"), f.line},
                             {QStringLiteral("section"), f.section}});
    return a;
}

void printEffectiveText(QTextStream& out, const EffectiveSettings& effective)
{
    const QList<Explanation> rows = effective.explain();
    qsizetype width = 0;
    for (const Explanation& r : rows)
        width = std::max(width, r.key.size());
    for (const Explanation& r : rows) {
        out << r.key.leftJustified(width) << " = " << (r.value.isEmpty() ? QStringLiteral("\"\"") : r.value) << "\n"
            << QString(width + 3, QLatin1Char(' ')) << "# " << r.rule << " (" << r.section << ")\n";
    }
}

QJsonArray effectiveToJson(const EffectiveSettings& effective)
{
    QJsonArray a;
    for (const Explanation& r : effective.explain())
        a.append(QJsonObject{{QStringLiteral("key"), r.key},
                             {QStringLiteral("value"), r.value},
                             {QStringLiteral("rule"), r.rule},
                             {QStringLiteral("section"), r.section},
                             {QStringLiteral("from_file"), r.fromFile}});
    return a;
}

} // namespace Cli
