namespace PatchSync.Core.Tests.Simulation;

/// <summary>Thrown by <see cref="SimEngine"/> to stop a run between two side effects, as a kill would.</summary>
internal sealed class SimulatedCrash : Exception
{
    public SimulatedCrash()
        : base("simulated crash")
    {
    }

    public SimulatedCrash(string message)
        : base(message)
    {
    }

    public SimulatedCrash(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
