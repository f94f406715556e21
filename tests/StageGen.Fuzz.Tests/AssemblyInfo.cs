using Xunit;

// The fuzz loops use both cores themselves; test classes running side by side would only fight over them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
