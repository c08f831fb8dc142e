package market

// priceHist counts placements by weekly price in whole pounds, in two
// levels (blocks of 256 pounds), so that a quantile is found by walking at
// most a few hundred counters rather than sorting every price each week.
type priceHist struct {
	fine   []int32 // count per pound
	blocks []int32 // count per block of 256 pounds
	n      int
	sum    int64 // pence
}

const (
	histBlock = 256
	histMax   = 1 << 16 // prices of £65,536 a week or more share the top bin
)

func (h *priceHist) bin(pence int64) int {
	b := int(pence / 100)
	if b < 0 {
		b = 0
	}
	if b >= histMax {
		b = histMax - 1
	}
	return b
}

func (h *priceHist) add(pence int64, d int) {
	if h.fine == nil {
		h.fine = make([]int32, histMax)
		h.blocks = make([]int32, histMax/histBlock)
	}
	b := h.bin(pence)
	h.fine[b] += int32(d)
	h.blocks[b/histBlock] += int32(d)
	h.n += d
	h.sum += int64(d) * pence
}

// mean returns the mean price in pounds.
func (h *priceHist) mean() float64 {
	if h.n == 0 {
		return 0
	}
	return poundsOf(h.sum) / float64(h.n)
}

// quantile returns the empirical p-quantile to the pound: the smallest whole
// pound v such that at least a share p of prices are below v+1 (as gonum's
// stat.Quantile with stat.Empirical on the prices rounded down to pounds).
func (h *priceHist) quantile(p float64) float64 {
	if h.n == 0 {
		return 0
	}
	k := int(float64(h.n)*p+0.999999999) - 1 // 0-based rank
	if k < 0 {
		k = 0
	}
	cum := 0
	for bi, c := range h.blocks {
		if cum+int(c) <= k {
			cum += int(c)
			continue
		}
		for b := bi * histBlock; b < (bi+1)*histBlock; b++ {
			cum += int(h.fine[b])
			if cum > k {
				return float64(b)
			}
		}
	}
	return float64(histMax - 1)
}
