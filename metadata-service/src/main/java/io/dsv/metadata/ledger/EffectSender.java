package io.dsv.metadata.ledger;

import io.dsv.client.kafka.TransactionalPublisher;
import io.dsv.client.kafka.TransactionalPublisher.Keyed;
import io.dsv.core.protocol.MessageCodec;
import io.dsv.core.protocol.Topics;
import io.dsv.core.protocol.TxDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends what a ledger asked for. A single decision goes as one record, a batch's decisions as one Kafka
 * transaction; a decision whose publish fails is reported back (the ledger decides again, and the first
 * decision in the log wins). Every other send is returned as a future: the consumer must not commit the
 * offset of the record that caused it until it is acknowledged.
 */
final class EffectSender {

    private static final Logger log = LoggerFactory.getLogger(EffectSender.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionalPublisher transactions;
    private final MeterRegistry meters;

    EffectSender(KafkaTemplate<String, byte[]> kafka, TransactionalPublisher transactions, MeterRegistry meters) {
        this.kafka = kafka;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * @param lost called (on whatever thread) with the transactions whose decision may not have reached the log
     * @return the sends the caller must see acknowledged before committing past the record
     */
    List<CompletableFuture<?>> send(List<Effect> effects, Consumer<List<String>> lost) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Effect effect : effects) {
            if (effect instanceof Effect.Publish publish) {
                publish(publish.decisions(), lost);
            } else if (effect instanceof Effect.Send send) {
                sends.add(kafka.send(send.topic(), send.key(), MessageCodec.encode(send.message())));
            }
        }
        return sends;
    }

    private void publish(List<TxDecision> decisions, Consumer<List<String>> lost) {
        List<String> txIds = decisions.stream().map(TxDecision::txId).toList();
        for (TxDecision decision : decisions) {
            Counter.builder("dsv.metadata.decisions").description("decisions this instance published, by outcome")
                    .tag("outcome", decision.commit() ? "commit" : decision.reason()).register(meters).increment();
        }
        if (decisions.size() == 1) {
            TxDecision decision = decisions.get(0);
            try {
                kafka.send(Topics.TX, decision.key(), MessageCodec.encode(decision)).whenComplete((result, failure) -> {
                    if (failure != null) {
                        lost.accept(txIds);
                    }
                });
            } catch (RuntimeException e) {
                lost.accept(txIds);
            }
            return;
        }
        try {
            transactions.publishAll(Topics.TX, decisions.stream().map(d -> new Keyed(d.key(), d)).toList());
        } catch (RuntimeException e) {
            log.warn("A batch decision of {} transactions was not published: {}", decisions.size(),
                    e.getClass().getSimpleName());
            lost.accept(txIds);
        }
    }
}
