using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class VerlOverrideKeysTests
{
    [Fact]
    public void VerlConfigurationKeys_SetTheOptionsTheyNameInVerl()
    {
        var options = RunOptionsValidation.Validate(TrainingOverrides.Apply(TrainingPresets.Get("smoke"),
        [
            new("data.train_batch_size", "6"),
            new("data.max_response_length", "64"),
            new("actor_rollout_ref.rollout.n", "5"),
            new("actor_rollout_ref.rollout.temperature", "0.9"),
            new("actor_rollout_ref.actor.optim.lr", "2e-5"),
            new("actor_rollout_ref.actor.ppo_epochs", "2"),
            new("actor_rollout_ref.actor.clip_ratio_high", "0.28"),
            new("actor_rollout_ref.actor.kl_loss_coef", "0.01"),
            new("actor_rollout_ref.actor.loss_agg_mode", "seq-mean-token-sum-norm"),
            new("algorithm.adv_estimator", "grpo"),
            new("trainer.total_training_steps", "7"),
            new("trainer.test_freq", "5"),
        ]));

        Assert.Equal(6, options.Rollout.PromptsPerStep);
        Assert.Equal(64, options.Rollout.MaxResponseLength);
        Assert.Equal(5, options.Rollout.GroupSize);
        Assert.Equal(0.9, options.Rollout.Temperature);
        Assert.Equal(2e-5, options.Ppo.LearningRate);
        Assert.Equal(2, options.Ppo.Epochs);
        Assert.Equal(0.28, options.Ppo.Loss.ClipRatioHigh);
        Assert.Equal(0.01, options.Ppo.Loss.KlCoef);
        Assert.Equal("dr-grpo", options.Aggregation.Aggregator);   // verl's loss_agg_mode name, resolved by the registry
        Assert.Equal("grpo", options.Aggregation.Advantages);
        Assert.Equal(7, options.Steps);
        Assert.Equal(5, options.Evaluation.Every);
    }

    [Fact]
    public void EveryVerlKey_NamesAnOptionThatExists_AndSetsItToTheValueGiven()
    {
        var preset = TrainingPresets.Get("smoke");
        var json = System.Text.Json.JsonSerializer.SerializeToNode(preset, RlvrJson.Options)!.AsObject();
        foreach (var (key, path) in TrainingOverrides.Aliases.Where(a => a.Key.Contains('_', StringComparison.Ordinal) || a.Key.StartsWith("trainer.", StringComparison.Ordinal)))
        {
            // The option's current value, given back under verl's key: the key must resolve, and the options stay valid.
            System.Text.Json.Nodes.JsonNode node = json;
            foreach (var part in path.Split('.'))
            {
                node = node.AsObject().First(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value!;
            }

            var applied = TrainingOverrides.Apply(preset, [new(key, node.ToString())]);
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(preset, RlvrJson.Options),
                System.Text.Json.JsonSerializer.Serialize(applied, RlvrJson.Options));
        }
    }
}
