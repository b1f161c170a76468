using System.Numerics;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// The IPv4 addresses of one subnet, tracked per aligned /28 block as a 16-bit mask (bit set = taken). AWS
/// reserves the first four addresses and the last; they are taken from the start, so the first and last /28
/// are never free as prefixes. Individual addresses and whole aligned /28 blocks are allocated from the same
/// space, which is how a subnet comes to have free addresses but no free /28 (fragmentation).
/// </summary>
internal sealed class SubnetAddressPool
{
    public const int ReservedAddresses = 5;
    private const int BlockSize = 16;
    private const ushort FullMask = 0xFFFF;

    private readonly ushort[] _blocks;
    private readonly AddressSelection _selection;

    public SubnetAddressPool(uint network, int length, AddressSelection selection)
    {
        Network = network;
        Length = length;
        Size = 1 << (32 - length);
        _selection = selection;
        _blocks = new ushort[Math.Max(Size / BlockSize, 1)];
        FreeAddresses = Size;
        FreeBlocks = _blocks.Length;
        foreach (var offset in (ReadOnlySpan<int>)[0, 1, 2, 3, Size - 1])
        {
            Take((uint)offset);
        }
    }

    public uint Network { get; }

    public int Length { get; }

    public int Size { get; }

    /// <summary>Addresses not taken (EC2's <c>availableIpAddressCount</c>).</summary>
    public int FreeAddresses { get; private set; }

    /// <summary>Aligned /28 blocks with all 16 addresses free.</summary>
    public int FreeBlocks { get; private set; }

    public bool Contains(uint address) => address - Network < (uint)Size;

    public static bool IsReserved(uint offset, int size) => offset < 4 || offset == size - 1;

    public bool IsFree(uint address) => Contains(address) && !Bit(address - Network);

    /// <summary>Whether the aligned /28 starting at <paramref name="prefix"/> lies in the subnet and is entirely free.</summary>
    public bool IsBlockFree(uint prefix) =>
        Contains(prefix) && (prefix & (BlockSize - 1)) == 0 && Size >= BlockSize && _blocks[(prefix - Network) / BlockSize] == 0;

    /// <summary>Takes one free address chosen by the selection policy. Precondition: <see cref="FreeAddresses"/> &gt; 0.</summary>
    public uint AllocateAddress(Random random)
    {
        var start = _selection == AddressSelection.Random ? (uint)random.Next(Size) : 0u;
        for (var i = 0; i < Size;)
        {
            var offset = (uint)((start + i) % Size);
            var block = (int)(offset / BlockSize);
            if (_blocks[block] == FullMask && offset % BlockSize == 0)
            {
                i += BlockSize;
                continue;
            }

            if (!Bit(offset))
            {
                Take(offset);
                return Network + offset;
            }

            i++;
        }

        throw new InvalidOperationException("The subnet has no free address (callers check FreeAddresses first).");
    }

    /// <summary>Takes one free aligned /28 chosen by the selection policy. Precondition: <see cref="FreeBlocks"/> &gt; 0.</summary>
    public uint AllocatePrefix(Random random)
    {
        var start = _selection == AddressSelection.Random ? random.Next(_blocks.Length) : 0;
        for (var i = 0; i < _blocks.Length; i++)
        {
            var block = (start + i) % _blocks.Length;
            if (_blocks[block] == 0)
            {
                TakeBlock(block);
                return Network + (uint)(block * BlockSize);
            }
        }

        throw new InvalidOperationException("The subnet has no free /28 (callers check FreeBlocks first).");
    }

    /// <summary>Takes a specific address; false if it is outside the subnet or taken (reserved included).</summary>
    public bool TryClaimAddress(uint address)
    {
        if (!IsFree(address))
        {
            return false;
        }

        Take(address - Network);
        return true;
    }

    /// <summary>Takes a specific aligned /28; false unless it is inside the subnet and entirely free.</summary>
    public bool TryClaimPrefix(uint prefix)
    {
        if (!IsBlockFree(prefix))
        {
            return false;
        }

        TakeBlock((int)((prefix - Network) / BlockSize));
        return true;
    }

    public void ReleaseAddress(uint address)
    {
        var offset = address - Network;
        var block = (int)(offset / BlockSize);
        var bit = (ushort)(1 << (int)(offset % BlockSize));
        if ((_blocks[block] & bit) == 0 || IsReserved(offset, Size))
        {
            return;
        }

        _blocks[block] &= (ushort)~bit;
        FreeAddresses++;
        if (_blocks[block] == 0)
        {
            FreeBlocks++;
        }
    }

    public void ReleasePrefix(uint prefix)
    {
        var block = (int)((prefix - Network) / BlockSize);
        if (_blocks[block] != FullMask)
        {
            return;
        }

        _blocks[block] = 0;
        FreeAddresses += BlockSize;
        FreeBlocks++;
    }

    private bool Bit(uint offset) => (_blocks[offset / BlockSize] & (1 << (int)(offset % BlockSize))) != 0;

    private void Take(uint offset)
    {
        var block = (int)(offset / BlockSize);
        if (_blocks[block] == 0)
        {
            FreeBlocks--;
        }

        _blocks[block] |= (ushort)(1 << (int)(offset % BlockSize));
        FreeAddresses--;
    }

    private void TakeBlock(int block)
    {
        FreeAddresses -= BlockSize - BitOperations.PopCount(_blocks[block]);
        _blocks[block] = FullMask;
        FreeBlocks--;
    }
}
