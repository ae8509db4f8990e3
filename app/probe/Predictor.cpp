// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "probe/Predictor.h"

#include "apikeys/Credentials.h"
#include "intake/Engine.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Probe {

namespace {

// "Elasticsearch" as the probe knows it: the keys it was given, each with its state and privileges;
// any other ID is unknown (ES answers 401, §3.4).
class ModelApiKeys : public Intake::ApiKeyBackend
{
public:
    explicit ModelApiKeys(const QList<ApiKeyVariant>& keys)
    {
        for (const ApiKeyVariant& k : keys) {
            auto decoded = ApiKeys::Credentials::decode(k.credentials);
            if (!decoded)
                continue;
            Entry e;
            e.secret = QByteArray(decoded->apiKey().view().data(), decoded->apiKey().size());
            e.answer.status = k.state == ApiKeyVariant::State::Valid ? Status::Valid : Status::Rejected;
            if (e.answer.status == Status::Valid)
                e.answer.privileges = k.privileges;
            e.answer.detail = k.label;
            m_keys.insert(decoded->id(), e);
        }
    }
    Answer check(const QString& id, QByteArrayView secret) override
    {
        const auto it = m_keys.constFind(id);
        if (it == m_keys.cend() || secret != QByteArrayView(it->secret))
            return Answer{Status::Rejected, {}, QStringLiteral("unknown key")};
        return it->answer;
    }

private:
    struct Entry
    {
        QByteArray secret;
        Answer answer;
    };
    QHash<QString, Entry> m_keys;
};

} // namespace

struct Predictor::Model
{
    Intake::Engine::Options options;
};

Predictor::Predictor(const Config::EffectiveSettings& effective, const ProbeInputs& inputs)
    : m_model(std::make_unique<Model>())
{
    m_model->options.effective = effective;
    m_model->options.secretToken = inputs.secretToken;
    m_model->options.apiKeys = std::make_shared<ModelApiKeys>(inputs.apiKeys);
    // A frozen clock: a prediction is one instant of a fresh server.
    const auto instant = std::chrono::steady_clock::now();
    m_model->options.clock = [instant] { return instant; };
}

Predictor::~Predictor() = default;

namespace {

Intake::RequestHead headFor(const ProbeRequest& request)
{
    Intake::RequestHead head;
    head.method = request.method;
    head.path = request.path.toUtf8();
    head.rawQuery = request.query.toUtf8();
    head.headers.append(qMakePair(QByteArray("Host"), QByteArray("probe")));
    if (!request.authorization.isEmpty())
        head.headers.append(qMakePair(QByteArray("Authorization"), request.authorization));
    for (const auto& h : request.headers)
        head.headers.append(h);
    if (!request.body.isEmpty())
        head.headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(request.body.size())));
    head.peerAddress = QStringLiteral("127.0.0.1");
    return head;
}

void run(Intake::Exchange& exchange, const ProbeRequest& request)
{
    if (exchange.begin() == Intake::Exchange::Next::ReadBody) {
        auto drive = [&exchange] {
            for (int guard = 0; guard < 100000; ++guard) {
                const auto p = exchange.process();
                if (p.state == Intake::Exchange::Progress::State::NeedInput ||
                    p.state == Intake::Exchange::Progress::State::Done)
                    return p.state;
            }
            return Intake::Exchange::Progress::State::Done;
        };
        bool done = false;
        if (!request.body.isEmpty()) {
            exchange.bodyData(request.body);
            done = drive() == Intake::Exchange::Progress::State::Done;
        }
        if (!done) {
            exchange.bodyComplete();
            drive();
        }
    }
    exchange.finish();
}

} // namespace

Predictor::Prediction Predictor::predict(const ProbeRequest& request) const
{
    Intake::Engine engine(m_model->options);
    Intake::Exchange exchange(engine, headFor(request));
    run(exchange, request);
    return {exchange.response(), exchange.log()};
}

QList<int> Predictor::predictBurst(const ProbeRequest& request, int count) const
{
    Intake::Engine engine(m_model->options);
    QList<int> statuses;
    for (int i = 0; i < count; ++i) {
        Intake::Exchange exchange(engine, headFor(request));
        run(exchange, request);
        statuses << exchange.response().status;
    }
    return statuses;
}

QString errorMessageOf(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    if (o.contains(QLatin1String("error")))
        return o.value(QLatin1String("error")).toString();
    const QJsonArray errors = o.value(QLatin1String("errors")).toArray();
    if (!errors.isEmpty())
        return errors.first().toObject().value(QLatin1String("message")).toString();
    return {};
}

} // namespace Probe
