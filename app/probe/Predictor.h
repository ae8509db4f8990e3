// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/EffectiveSettings.h"
#include "intake/HttpResponse.h"
#include "intake/RequestLog.h"
#include "probe/Scenario.h"

#include <memory>

namespace Probe {

// What APM Server does with a request under the effective settings, decided by the stub's own
// pipeline (Intake::Exchange) run in memory against a model of the credentials: there is one
// copy of the rules, and the probe's expectations come from it.
class Predictor
{
public:
    Predictor(const Config::EffectiveSettings& effective, const ProbeInputs& inputs);
    ~Predictor();

    struct Prediction
    {
        Intake::HttpResponse response;
        Intake::RequestLogEntry log; // the decision trace
    };
    // A fresh server (full rate-limit bucket, empty API-key cache) answering one request.
    Prediction predict(const ProbeRequest& request) const;
    // The same server answering `count` identical requests at one instant (the burst).
    QList<int> predictBurst(const ProbeRequest& request, int count) const;

private:
    struct Model;
    std::unique_ptr<Model> m_model;
};

// The error text of an APM Server answer: {"error": …} or the first errors[].message; empty when none.
QString errorMessageOf(const QByteArray& body);

} // namespace Probe
