// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "config/SettingsIo.h"

#include "config/GoDuration.h"

#include <QCoreApplication>

namespace Config {

namespace {

QString tr(const char* s)
{
    return QCoreApplication::translate("Config::SettingsIo", s);
}

std::optional<bool> parseBool(const QString& text)
{
    // go-ucfg accepts YAML 1.1 booleans as the YAML library reports them.
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off"))
        return false;
    return std::nullopt;
}

const char* typeName(ValueType t)
{
    switch (t) {
    case ValueType::Bool: return QT_TRANSLATE_NOOP("Config::SettingsIo", "true or false");
    case ValueType::Int: return QT_TRANSLATE_NOOP("Config::SettingsIo", "a whole number");
    case ValueType::String: return QT_TRANSLATE_NOOP("Config::SettingsIo", "a string");
    case ValueType::Timespan: return QT_TRANSLATE_NOOP("Config::SettingsIo", "a duration such as 30s or 5m");
    case ValueType::StringList: return QT_TRANSLATE_NOOP("Config::SettingsIo", "a list of strings");
    case ValueType::Headers: return QT_TRANSLATE_NOOP("Config::SettingsIo", "a mapping of header names to values");
    }
    return "";
}

template <typename T>
SettingValue readField(FieldRef<T> ref, const ServerSettings& s)
{
    auto& opt = ref(const_cast<ServerSettings&>(s));
    if (!opt)
        return std::monostate{};
    return SettingValue(*opt);
}

} // namespace

SettingValue convertValue(const KeyInfo& key, const YamlValue& value, QString* error)
{
    auto fail = [&](const QString& got) -> SettingValue {
        if (error)
            *error = QCoreApplication::translate("Config::SettingsIo", "expected %1, found %2")
                         .arg(tr(typeName(key.type)), got);
        return std::monostate{};
    };
    const QString shown =
        value.kind == YamlValue::Kind::Scalar ? QStringLiteral("\"%1\"").arg(value.scalar)
        : value.kind == YamlValue::Kind::List ? QCoreApplication::translate("Config::SettingsIo", "a list")
        : value.kind == YamlValue::Kind::Map  ? QCoreApplication::translate("Config::SettingsIo", "a mapping")
                                              : QCoreApplication::translate("Config::SettingsIo", "nothing");
    switch (key.type) {
    case ValueType::Bool:
        if (value.kind == YamlValue::Kind::Scalar) {
            if (auto b = parseBool(value.scalar))
                return *b;
        }
        return fail(shown);
    case ValueType::Int:
        if (value.kind == YamlValue::Kind::Scalar) {
            bool ok = false;
            const qint64 v = value.scalar.trimmed().toLongLong(&ok);
            if (ok)
                return v;
        }
        return fail(shown);
    case ValueType::String:
        if (value.kind == YamlValue::Kind::Scalar)
            return value.scalar;
        if (value.kind == YamlValue::Kind::Null)
            return QString();
        return fail(shown);
    case ValueType::Timespan:
        if (value.kind == YamlValue::Kind::Scalar) {
            if (auto d = parseGoDuration(value.scalar))
                return *d;
        }
        return fail(shown);
    case ValueType::StringList:
        // go-ucfg turns a single scalar into a one-element list (so `allow_origins: "*"` works).
        if (value.kind == YamlValue::Kind::List)
            return value.list;
        if (value.kind == YamlValue::Kind::Scalar)
            return QStringList{value.scalar};
        if (value.kind == YamlValue::Kind::Null)
            return QStringList{};
        return fail(shown);
    case ValueType::Headers:
        if (value.kind == YamlValue::Kind::Map) {
            HeaderMap map;
            for (const auto& [name, values] : value.map)
                map[name] = values;
            return map;
        }
        if (value.kind == YamlValue::Kind::Null)
            return HeaderMap{};
        return fail(shown);
    }
    return fail(shown);
}

YamlValue toYamlValue(const KeyInfo& key, const SettingValue& value)
{
    Q_UNUSED(key);
    return std::visit(
        [](const auto& v) -> YamlValue {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return YamlValue{};
            else if constexpr (std::is_same_v<T, bool>)
                return YamlValue::fromScalar(v ? QStringLiteral("true") : QStringLiteral("false"));
            else if constexpr (std::is_same_v<T, qint64>)
                return YamlValue::fromScalar(QString::number(v));
            else if constexpr (std::is_same_v<T, QString>)
                return YamlValue::fromScalar(v);
            else if constexpr (std::is_same_v<T, Duration>)
                return YamlValue::fromScalar(formatGoDuration(v));
            else if constexpr (std::is_same_v<T, QStringList>)
                return YamlValue::fromList(v);
            else {
                QList<QPair<QString, QStringList>> m;
                for (auto it = v.cbegin(); it != v.cend(); ++it)
                    m.append({it.key(), it.value()});
                return YamlValue::fromMap(m);
            }
        },
        value);
}

SettingValue settingValue(const ServerSettings& settings, const KeyInfo& key)
{
    return std::visit([&](auto ref) { return readField(ref, settings); }, key.accessor);
}

void setSettingValue(ServerSettings& settings, const KeyInfo& key, const SettingValue& value)
{
    std::visit(
        [&](auto ref) {
            auto& field = ref(settings);
            using T = typename std::decay_t<decltype(field)>::value_type;
            if (const T* v = std::get_if<T>(&value))
                field = *v;
            else
                field.reset();
        },
        key.accessor);
}

QString formatValue(const SettingValue& value)
{
    return std::visit(
        [](const auto& v) -> QString {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return QString();
            else if constexpr (std::is_same_v<T, bool>)
                return v ? QStringLiteral("true") : QStringLiteral("false");
            else if constexpr (std::is_same_v<T, qint64>)
                return QString::number(v);
            else if constexpr (std::is_same_v<T, QString>)
                return v;
            else if constexpr (std::is_same_v<T, Duration>)
                return formatGoDuration(v);
            else if constexpr (std::is_same_v<T, QStringList>)
                return QLatin1Char('[') + v.join(QStringLiteral(", ")) + QLatin1Char(']');
            else {
                QStringList parts;
                for (auto it = v.cbegin(); it != v.cend(); ++it)
                    parts << it.key() + QStringLiteral(": ") +
                                 (it.value().size() == 1 ? it.value().constFirst()
                                                         : QLatin1Char('[') + it.value().join(QStringLiteral(", ")) +
                                                               QLatin1Char(']'));
                return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
            }
        },
        value);
}

SettingsReadResult readSettings(const ApmServerYaml& yaml)
{
    SettingsReadResult result;
    const QString prefix = QStringLiteral("apm-server.");
    const QList<YamlEntry> entries = yaml.entries();
    for (const YamlEntry& e : entries) {
        if (!e.path.startsWith(prefix))
            continue;
        const QString rel = e.path.mid(prefix.size());
        if (!result.settings.presentKeys.contains(rel))
            result.settings.presentKeys << rel;
        const KeyInfo* info = findKey(rel);
        if (!info)
            continue;
        // Header maps come as one Kind::Map entry plus child entries; only the map entry counts.
        if (info->type == ValueType::Headers && e.value.kind != YamlValue::Kind::Map &&
            e.value.kind != YamlValue::Kind::Null) {
            result.issues.append(
                {e.path, QCoreApplication::translate("Config::SettingsIo", "expected %1").arg(tr(typeName(info->type))),
                 e.line});
            continue;
        }
        QString error;
        const SettingValue v = convertValue(*info, e.value, &error);
        if (std::holds_alternative<std::monostate>(v)) {
            if (e.value.kind == YamlValue::Kind::Null)
                continue; // `key:` with no value reads as unset in go-ucfg
            result.issues.append({e.path, error, e.line});
            continue;
        }
        setSettingValue(result.settings, *info, v);
    }
    return result;
}

Core::Result<void> applySettings(ApmServerYaml& yaml, const ServerSettings& before, const ServerSettings& after)
{
    for (const KeyInfo& info : settingsSchema()) {
        const SettingValue a = settingValue(before, info);
        const SettingValue b = settingValue(after, info);
        if (a == b)
            continue;
        const QString path = info.fullKey();
        if (std::holds_alternative<std::monostate>(b)) {
            if (auto r = yaml.remove(path); !r)
                return r;
        } else if (auto r = yaml.set(path, toYamlValue(info, b)); !r) {
            return r;
        }
    }
    return {};
}

} // namespace Config
