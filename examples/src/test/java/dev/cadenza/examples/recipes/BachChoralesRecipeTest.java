package dev.cadenza.examples.recipes;

import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.tokenizers.chorale.ChoraleArpeggioTokenizer;
import dev.cadenza.train.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BachChoralesRecipeTest {
    @Test
    void theBestPresetIsTheSeedsNetworkWithDropoutAroundItsLstmAndADecayingRate() {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        Dataset windows = Dataset.of(t.windows(MusicFixtures.chorales()), 32, false);
        PreparedData data = new PreparedData(t, windows, windows, windows, List.of(), List.of());
        BachChoralesRecipe r = new BachChoralesRecipe();
        assertEquals(List.of("seed", "default", "best"), r.presets());
        ModelSpec seed = r.spec("seed", data), best = r.spec("best", data);
        assertEquals(396_810, seed.parameterCount(), "the notebook's network");
        assertEquals(seed.parameterCount(), best.parameterCount(), "dropout adds no parameter");
        List<Layer> withoutDropout = best.layers().stream().filter(l -> !(l instanceof Layer.Dropout)).toList();
        assertEquals(seed.layers(), withoutDropout);
        assertEquals(seed.input(), best.input());
        assertEquals(2, best.layers().size() - withoutDropout.size());
        TrainingPlan plan = r.plan("best", data);
        assertEquals(30, plan.epochs());
        TrainingConfig c = plan.config();
        LearningRateSchedule.ExponentialDecay decay = assertInstanceOf(LearningRateSchedule.ExponentialDecay.class, c.schedule());
        assertEquals(30L * windows.batchesPerEpoch(), decay.decaySteps());
        assertEquals(1e-4, decay.rate(1e-3, decay.decaySteps()), 1e-12, "a tenth of the rate by the last step");
        assertEquals(20, r.plan("seed", data).epochs());
        assertTrue(r.plan("seed", data).config().schedule() instanceof LearningRateSchedule.Constant, "the seed preset is unchanged");
    }
}
