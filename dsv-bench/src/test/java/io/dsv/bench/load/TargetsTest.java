package io.dsv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final Targets.Figures MET = new Targets.Figures(2_500, 9, 600, 30, 5_000, 3.5, 1_000, 4);

    @Test
    void todaysFiguresMissEveryTargetButNoneIsMisjudged() {
        // 2026-12-02: DSV get 92/s p50 102.76 ms, create 13/s p50 241.04; etcd get 2571/s p50 3.799, put 322/s p50 3.84
        Targets.Figures mix = new Targets.Figures(92, 102.76, 13, 241.04, 2571, 3.799, 322, 3.84);
        List<Targets.Row> rows = Targets.judge(mix, mix, 28.6);
        assertThat(rows).hasSize(7).noneMatch(Targets.Row::met);
        assertThat(rows.get(0).today()).isEqualTo("27.05 / 27.05");
        assertThat(rows.get(6).today()).isEqualTo("28.60");
    }

    @Test
    void figuresWithinTheTargetsPassAndMissingOnesNeverDo() {
        assertThat(Targets.judge(MET, MET, 1.5)).hasSize(7).allMatch(Targets.Row::met);
        Targets.Figures none = new Targets.Figures(0, 0, 0, 0, 0, 0, 0, 0);
        List<Targets.Row> missing = Targets.judge(none, none, Double.NaN);
        assertThat(missing).hasSize(6).noneMatch(Targets.Row::met).allMatch(r -> r.today().equals("missing / missing")
                || r.today().equals("0.00 / 0.00"));
    }

    @Test
    void aTargetMetInTheMixButMissedWithGetsAndCreatesMeasuredSeparatelyIsAMiss() {
        Targets.Figures slowAlone = new Targets.Figures(2_500, 20, 600, 30, 5_000, 3.5, 1_000, 4);
        List<Targets.Row> rows = Targets.judge(MET, slowAlone, Double.NaN);
        assertThat(rows.get(0).met()).isFalse();                  // get p50 5.71x etcd's when measured alone
        assertThat(rows.get(0).today()).isEqualTo("2.57 / 5.71");
        assertThat(rows.subList(1, rows.size())).allMatch(Targets.Row::met);
        assertThat(Targets.judge(slowAlone, MET, Double.NaN).get(0).met()).isFalse();
    }

    @Test
    void manyStoredSecretsPassOnlyWhenTheMixAndGetsAloneStayWithinTenPercent() {
        Targets.Figures fewMix = new Targets.Figures(235, 20.5, 30, 168.4, 0, 0, 0, 0);
        Targets.Figures fewGets = new Targets.Figures(713, 20.7, 0, 0, 0, 0, 0, 0);
        Targets.Figures closeMix = new Targets.Figures(215, 22.4, 28, 184, 0, 0, 0, 0);    // -9 %, +9 %, -7 %, +9 %
        Targets.Figures closeGets = new Targets.Figures(650, 22.5, 0, 0, 0, 0, 0, 0);      // -9 %, +9 %
        assertThat(Targets.stored(fewMix, closeMix, fewGets, closeGets, 100_000).met()).isTrue();
        // 2026-12-03, the second run: the mix within 10 %, gets alone over 99,000 keys 23 % fewer
        Targets.Figures manyMix = new Targets.Figures(227, 22.0, 29, 174.2, 0, 0, 0, 0);
        Targets.Figures manyGets = new Targets.Figures(551, 27.6, 0, 0, 0, 0, 0, 0);
        Targets.Row row = Targets.stored(fewMix, manyMix, fewGets, manyGets, 100_000);
        assertThat(row.met()).isFalse();
        assertThat(row.today()).isEqualTo("mix: gets -3% (p50 +7%), creates -3% (p50 +3%); gets alone -23% (p50 +33%)");
        assertThat(row.target()).isEqualTo("100,000 stored within 10% of 1,000");
        Targets.Figures slowCreates = new Targets.Figures(235, 20.5, 26, 168.4, 0, 0, 0, 0);  // creates -13 %
        assertThat(Targets.stored(fewMix, slowCreates, fewGets, closeGets, 100_000).met()).isFalse();
        Targets.Figures none = new Targets.Figures(0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Targets.stored(fewMix, closeMix, fewGets, none, 100_000).met()).isFalse();
    }
}
