package io.dsv.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void todaysFiguresMissEveryTargetButNoneIsMisjudged() {
        // 2026-12-02: DSV get 92/s p50 102.76 ms, create 13/s p50 241.04; etcd get 2571/s p50 3.799, put 322/s p50 3.84
        List<Targets.Row> rows = Targets.judge(new Targets.Figures(92, 102.76, 13, 241.04, 2571, 3.799, 322, 3.84, 28.6));
        assertThat(rows).hasSize(7).noneMatch(Targets.Row::met);
        assertThat(rows.get(0).today()).isEqualTo("27.05");
    }

    @Test
    void figuresWithinTheTargetsPassAndMissingOnesNeverDo() {
        List<Targets.Row> met = Targets.judge(new Targets.Figures(2_500, 9, 600, 30, 5_000, 3.5, 1_000, 4, 1.5));
        assertThat(met).allMatch(Targets.Row::met);
        List<Targets.Row> missing = Targets.judge(new Targets.Figures(0, 0, 0, 0, 0, 0, 0, 0, Double.NaN));
        assertThat(missing).hasSize(6).noneMatch(Targets.Row::met).allMatch(r -> r.today().equals("missing")
                || r.today().equals("0.00"));
    }
}
