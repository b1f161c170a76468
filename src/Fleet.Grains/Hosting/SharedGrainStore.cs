using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Grains.Hosting;

/// <summary>
/// The grain storage named <c>fleet</c> of every silo of an in-process cluster (the live simulation engine, the grain
/// tests), standing in for Redis: one store the silos share, so state a silo wrote survives that silo being killed
/// (memory storage would die with it). Values are kept serialized with Orleans' serializer, so every read is a fresh
/// copy, as from a real store. Not for production: it lives and dies with the process.
/// </summary>
public sealed class SharedGrainStore
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _entries = new(StringComparer.Ordinal);

    /// <summary>Bytes stored, summed over entries.</summary>
    public long Bytes => _entries.Values.Sum(e => (long)e.Data.Length);

    /// <summary>Entries stored.</summary>
    public int Count => _entries.Count;

    /// <summary>The storage provider one silo registers, over this shared store.</summary>
    public IGrainStorage For(Serializer serializer) => new Provider(_entries, serializer);

    private sealed class Provider(ConcurrentDictionary<string, (byte[] Data, string ETag)> entries, Serializer serializer) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (entries.TryGetValue(Key(stateName, grainId), out var entry))
            {
                grainState.State = serializer.Deserialize<T>(entry.Data);
                grainState.ETag = entry.ETag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var etag = Guid.NewGuid().ToString("N");
            entries[Key(stateName, grainId)] = (serializer.SerializeToArray(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            entries.TryRemove(Key(stateName, grainId), out _);
            grainState.RecordExists = false;
            grainState.ETag = null;
            return Task.CompletedTask;
        }

        private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
    }
}
