package course.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FusedAdamWTest {

    @Test
    void theTestsRunWithTheVectorApiSoTheFusedPathIsTheOneTested() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "surefire's argLine adds jdk.incubator.vector");
    }

    /** Ten steps on a weight and a bias, fused and op by op: the same numbers up to float rounding. */
    @Test
    void theFusedUpdateFollowsTheOpByOpUpdate() {
        Seeds.seedAll(5);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(37, 29);   // 1,073 elements: SIMD lanes and a scalar tail
            AdamW.Settings settings = AdamW.Settings.nanoGptShakespeare();
            AdamW fused = new AdamW(settings, true);
            AdamW ops = new AdamW(settings, false);
            for (Parameter.Type type : new Parameter.Type[] {Parameter.Type.WEIGHT, Parameter.Type.BIAS}) {
                NDArray start = m.randomNormal(shape);
                NDArray a = start.duplicate();
                NDArray b = start.duplicate();
                Parameter pa = Parameter.builder().setName("p").setType(type).optArray(a).build();
                Parameter pb = Parameter.builder().setName("p").setType(type).optArray(b).build();
                for (int step = 0; step < 10; step++) {
                    NDArray g = m.randomNormal(shape).mul(step % 3 == 0 ? 1e-4f : 1f);
                    fused.update(type.name(), pa, g.duplicate(), 1e-2);
                    ops.update(type.name(), pb, g.duplicate(), 1e-2);
                }
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                float[] s = start.toFloatArray();
                float moved = 0;
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 2e-6f, type + " element " + i);
                    moved = Math.max(moved, Math.abs(x[i] - s[i]));
                }
                assertTrue(moved > 0.05f, "the weights did move: " + moved);
            }
        }
    }

    @Test
    void aliasedIsTheArraysOwnMemoryOrNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(12f).reshape(3, 4);
            assertNotNull(FusedAdamW.aliased(x));
            FusedAdamW.aliased(x).order(ByteOrder.nativeOrder()).putFloat(4 * Float.BYTES, -1f);
            assertEquals(-1f, x.toFloatArray()[4], "a write through the buffer is a write to the array");
            assertArrayEquals(new float[] {0, 1, 2, 3}, x.get(0).toFloatArray(), "the check puts its bit back");

            assertNull(FusedAdamW.aliased(x.transpose()), "a transposed view: DJL hands out a copy");
            assertNull(FusedAdamW.aliased(x.get(":, 1:3")), "columns: a copy");
            assertNull(FusedAdamW.aliased(x.toType(DataType.FLOAT64, false)));
            assertNotNull(FusedAdamW.aliased(x.get("1:")), "contiguous rows are the array's memory");
        }
    }

    /** A weight that is a transposed view cannot be written through a buffer: AdamW takes its ops instead. */
    @Test
    void aNonContiguousWeightFallsBackToTheOps() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray base = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)).duplicate();
            NDArray view = base.transpose();
            NDArray copy = view.duplicate();
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(view).build();
            Parameter q = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(copy).build();
            NDArray g = m.create(new float[] {0.5f, -0.5f, 0.1f, 0.2f, -0.3f, 0.4f}, new Shape(3, 2)).duplicate();
            new AdamW(AdamW.Settings.pytorch(), true).update("w", p, g.duplicate(), 0.1);
            new AdamW(AdamW.Settings.pytorch(), true).update("w", q, g.duplicate(), 0.1);
            assertArrayEquals(copy.toFloatArray(), view.toFloatArray(), 1e-6f);
            assertTrue(Math.abs(view.toFloatArray()[0] - 1f) > 0.05f, "the view was updated");
        }
    }
}
