using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>ENI slot arithmetic for an instance: how many more ENIs fit, and where the next one attaches.</summary>
public static class InterfaceSlots
{
    /// <summary>ENIs that can still be created and attached (created-but-unattached ENIs already hold a slot).</summary>
    public static int Empty(NodeState node)
    {
        var limits = node.Limits;
        var attached = 0;
        var unattached = 0;
        Span<int> perCard = stackalloc int[Math.Max(limits.NetworkCards.Length, 1)];
        foreach (var eni in node.Enis)
        {
            if (eni.Attachment is null)
            {
                unattached++;
                continue;
            }

            attached++;
            var card = CardPosition(limits, eni.Attachment.NetworkCard);
            if (card >= 0)
            {
                perCard[card]++;
            }
        }

        var cardRoom = 0;
        for (var i = 0; i < limits.NetworkCards.Length; i++)
        {
            cardRoom += Math.Max(limits.NetworkCards[i].MaxInterfaces - perCard[i], 0);
        }

        return Math.Max(Math.Min(limits.MaxInterfaces - attached, cardRoom) - unattached, 0);
    }

    /// <summary>
    /// The device index and network card for the next attach: the default card first, then the others; the lowest
    /// free device index at or above the first interface index (never 0, which is eth0's). Null when no slot is left.
    /// </summary>
    public static (int DeviceIndex, int NetworkCard)? NextAttachment(NodeState node, int firstInterfaceIndex)
    {
        var limits = node.Limits;
        var attached = node.Enis.Count(e => e.Attachment is not null);
        if (attached >= limits.MaxInterfaces)
        {
            return null;
        }

        foreach (var card in limits.NetworkCards.OrderBy(c => c.Index == limits.DefaultNetworkCardIndex ? 0 : 1).ThenBy(c => c.Index))
        {
            var used = new HashSet<int>();
            foreach (var eni in node.Enis)
            {
                if (eni.Attachment is { } a && a.NetworkCard == card.Index)
                {
                    used.Add(a.DeviceIndex);
                }
            }

            if (used.Count >= card.MaxInterfaces)
            {
                continue;
            }

            var index = Math.Max(firstInterfaceIndex, 1);
            while (used.Contains(index))
            {
                index++;
            }

            return (index, card.Index);
        }

        return null;
    }

    private static int CardPosition(Catalog.InstanceLimits limits, int cardIndex)
    {
        for (var i = 0; i < limits.NetworkCards.Length; i++)
        {
            if (limits.NetworkCards[i].Index == cardIndex)
            {
                return i;
            }
        }

        return -1;
    }
}
