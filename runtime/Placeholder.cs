namespace StageGen.Runtime { /// <summary>x</summary>
public static class Placeholder {} }
