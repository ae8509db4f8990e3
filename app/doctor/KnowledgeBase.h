// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace Doctor {

// The layer a failure belongs to, from the bottom up: the doctor's steps follow this order.
enum class Layer { Url, Dns, Tcp, Tls, Http, Auth, Intake, Rum, Config, Agent };
QString layerName(Layer layer);

// One known failure between agents and APM Server (../shared/reference/troubleshooting-cases.md,
// "C1" … "C34"), plus the generic network cases the doctor's lower steps need ("N1" …).
struct Case
{
    QString id;               // "C14"
    QString title;
    Layer layer = Layer::Http;
    QStringList symptoms;     // texts agents, servers and browsers print (regular expressions, case-insensitive)
    QString cause;
    QString fix;
    QString reference;        // troubleshooting-cases.md / apm-server-behaviour.md section
    QString confirmWith;      // "doctor" step or "probe" scenario family that confirms it
};

// The catalogue, read-only and built once.
class KnowledgeBase
{
public:
    static const QList<Case>& cases();
    static const Case* find(const QString& id);
    // The compiled symptom patterns of a case (same order as Case::symptoms).
    static const QList<QRegularExpression>& patterns(const QString& id);
};

} // namespace Doctor
